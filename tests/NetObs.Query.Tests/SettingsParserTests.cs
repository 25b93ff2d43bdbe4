using System.Text;
using NetObs.Plugin.Settings;

namespace NetObs.Query.Tests;

public sealed class SettingsParserTests
{
    private static readonly Dictionary<string, string> NoSecrets = [];

    private static SettingsParseResult Parse(string? url, string json, Dictionary<string, string>? secure = null) =>
        SettingsParser.Parse(url, Encoding.UTF8.GetBytes(json), secure ?? NoSecrets);

    [Fact]
    public void Plain_address_with_defaults()
    {
        var settings = Parse("127.0.0.1:4245", "").Settings!;
        Assert.Equal("127.0.0.1:4245", settings.Address);
        Assert.False(settings.UseTls);
        Assert.Equal(DataSourceSettings.DefaultTimeout, settings.Timeout);
        Assert.Equal(1000, settings.DefaultLimit);
        Assert.Equal(10_000, settings.MaxLimit);
    }

    [Fact]
    public void Tls_scheme_and_grafana_style_json_data_are_read()
    {
        var secure = new Dictionary<string, string> { ["tlsCACert"] = "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----" };
        var settings = Parse("tls://hubble-relay:443", "{\"tlsAuthWithCACert\":true,\"serverName\":\"instance.hubble-relay.cilium.io\",\"timeout\":\"30\",\"defaultLimit\":200,\"maxLimit\":5000}", secure).Settings!;
        Assert.True(settings.UseTls);
        Assert.Equal("hubble-relay:443", settings.Address);
        Assert.Equal("instance.hubble-relay.cilium.io", settings.ServerName);
        Assert.Equal(TimeSpan.FromSeconds(30), settings.Timeout);
        Assert.Equal(200, settings.DefaultLimit);
        Assert.NotNull(settings.CaCertPem);
    }

    [Fact]
    public void Every_settings_problem_names_its_setting()
    {
        var result = Parse("hubble-relay", "{\"tlsAuth\":true,\"timeout\":-3,\"maxLimit\":\"lots\"}");
        Assert.Null(result.Settings);
        var fields = result.Problems.Select(p => p.Field).ToList();
        Assert.Contains("url", fields);
        Assert.Contains("jsonData.timeout", fields);
        Assert.Contains("jsonData.maxLimit", fields);
        Assert.Contains("secureJsonData.tlsClientCert", fields);
        Assert.Contains("secureJsonData.tlsClientKey", fields);
        Assert.Contains("has no port", result.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void Wrong_types_are_errors_and_unknown_keys_warnings()
    {
        var result = Parse("relay:80", "{\"tlsSkipVerify\":\"yes\",\"colour\":\"blue\"}");
        Assert.Equal("jsonData.tlsSkipVerify", Assert.Single(result.Problems).Field);
        Assert.Contains("jsonData.colour", Assert.Single(result.Warnings), StringComparison.Ordinal);
    }

    [Fact]
    public void Default_limit_above_max_limit_is_rejected()
    {
        var result = Parse("relay:80", "{\"defaultLimit\":500,\"maxLimit\":100}");
        Assert.Equal("jsonData.defaultLimit", Assert.Single(result.Problems).Field);
    }

    [Fact]
    public void Empty_url_says_what_to_write()
    {
        Assert.Contains("host:port", Assert.Single(Parse("", "{}").Problems).Message, StringComparison.Ordinal);
    }
}
