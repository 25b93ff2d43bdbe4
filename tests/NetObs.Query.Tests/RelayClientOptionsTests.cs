using System.Security.Cryptography;
using System.Text;
using NetObs.Hubble.Relay;
using NetObs.Plugin.Settings;
using NetObs.Testing.Tls;

namespace NetObs.Query.Tests;

/// <summary>The plugin's relay client: data source settings become NetObs.Hubble relay client options.</summary>
public sealed class RelayClientOptionsTests
{
    private static DataSourceSettings Parse(string url, string json, Dictionary<string, string> secure) =>
        SettingsParser.Parse(url, Encoding.UTF8.GetBytes(json), secure).Settings!;

    [Fact]
    public void Mutual_tls_settings_give_the_client_its_certificate_server_name_and_timeouts()
    {
        using var authority = new TestCertificates("Relay CA");
        var secure = new Dictionary<string, string>
        {
            ["tlsCACert"] = authority.CaPem,
            ["tlsClientCert"] = authority.ClientCertificatePem,
            ["tlsClientKey"] = authority.ClientKeyPem,
        };
        var settings = Parse("hubble-relay.kube-system.svc:443", "{\"tlsAuth\":true,\"tlsAuthWithCACert\":true,\"serverName\":\"instance.hubble-relay.cilium.io\",\"timeout\":7}", secure);

        var options = RelayClientOptions.From(settings);
        using var client = new HubbleRelayClient(options);

        Assert.Equal(RelayTlsMode.MutualTls, options.Tls);
        Assert.Equal(secure["tlsCACert"], options.CaCertificatePem);
        Assert.Equal(secure["tlsClientCert"], options.ClientCertificatePem);
        Assert.Equal(secure["tlsClientKey"], options.ClientKeyPem);
        Assert.Equal("instance.hubble-relay.cilium.io", options.ServerName);
        Assert.Equal(TimeSpan.FromSeconds(7), options.RequestTimeout);
        Assert.Equal(TimeSpan.FromSeconds(7), options.DialTimeout);
        Assert.Equal(TimeSpan.FromSeconds(42), options.FlowsTimeout);
    }

    [Theory]
    [InlineData("relay:4245", "{}", RelayTlsMode.Plaintext)]
    [InlineData("tls://relay:4245", "{}", RelayTlsMode.Tls)]
    [InlineData("relay:4245", "{\"tlsSkipVerify\":true}", RelayTlsMode.Tls)]
    public void Tls_mode_follows_the_scheme_and_tls_flags(string url, string json, RelayTlsMode expected)
    {
        Assert.Equal(expected, RelayClientOptions.From(Parse(url, json, [])).Tls);
    }

    [Theory]
    [InlineData("ecdsa")]
    [InlineData("rsa")]
    public void A_client_key_that_does_not_match_the_certificate_names_both_settings(string otherKeyKind)
    {
        using var authority = new TestCertificates("Relay CA");
        using AsymmetricAlgorithm otherKey = otherKeyKind == "rsa" ? RSA.Create(2048) : ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var secure = new Dictionary<string, string>
        {
            ["tlsClientCert"] = authority.ClientCertificatePem,
            ["tlsClientKey"] = otherKey.ExportPkcs8PrivateKeyPem(),
        };
        var settings = Parse("tls://relay:4245", "{\"tlsAuth\":true}", secure);

        var error = Assert.Throws<ArgumentException>(() => new HubbleRelayClient(RelayClientOptions.From(settings)));

        Assert.Contains("tlsClientCert/tlsClientKey cannot be loaded", error.Message, StringComparison.Ordinal);
        Assert.Contains("matching private key", error.Message, StringComparison.Ordinal);
    }
}
