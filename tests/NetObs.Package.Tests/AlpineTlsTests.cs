using System.Net;
using System.Net.Sockets;
using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using NetObs.Demo.Plugin;
using NetObs.Grafana.Protocol.V2;

namespace NetObs.Package.Tests;

/// <summary>
/// In Grafana's Alpine image the glibc-linked plugin finds no glibc OpenSSL. A data source with a TLS relay must get an
/// error that says so, and the plugin must keep serving: .NET's OpenSSL shim aborts the process when it cannot load libssl.
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AlpineTlsTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    private string LinuxAmd64 => Path.Combine(package.Folder, "gpx_netobs_linux_amd64");

    [Fact]
    public async Task Tls_health_check_in_the_alpine_image_names_the_missing_openssl_and_the_plugin_keeps_serving()
    {
        using var root = new AlpineLikeRoot();
        var log = Path.Combine(Path.GetTempPath(), $"netobs-package-alpine-tls-{Guid.NewGuid():N}.log");
        await using var plugin = await root.StartPluginAsync(LinuxAmd64, log, CancellationToken.None);
        using var relay = SilentRelay();

        var tls = await CheckHealthAsync(plugin, "tls", $"tls://{relay.LocalEndpoint}");

        Assert.False(plugin.HasExited, $"the plugin died on a TLS health check. {plugin.DescribeErrors()}");
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, tls.Status);
        Assert.Contains("OpenSSL", tls.Message, StringComparison.Ordinal);
        Assert.Contains("Alpine", tls.Message, StringComparison.Ordinal);
        Assert.Contains("-ubuntu", tls.Message, StringComparison.Ordinal);

        // Still serving: a plaintext data source reaches the network stack and reports the closed port.
        var plaintext = await CheckHealthAsync(plugin, "plaintext", $"127.0.0.1:{ClosedLoopbackPort()}");
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, plaintext.Status);
        Assert.Contains("connection refused", plaintext.Message, StringComparison.Ordinal);
        Assert.False(plugin.HasExited, plugin.DescribeErrors());
    }

    [Fact]
    public async Task Tls_query_in_the_alpine_image_fails_with_the_same_error_and_the_plugin_keeps_serving()
    {
        using var root = new AlpineLikeRoot();
        var log = Path.Combine(Path.GetTempPath(), $"netobs-package-alpine-tls-{Guid.NewGuid():N}.log");
        await using var plugin = await root.StartPluginAsync(LinuxAmd64, log, CancellationToken.None);
        using var relay = SilentRelay();
        var client = new DataSourceClient(plugin, Instance("tls-query", $"tls://{relay.LocalEndpoint}"));
        var to = DateTimeOffset.UtcNow;
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(60));

        var first = await client.QueryAsync(new JsonObject { ["refId"] = "A", ["queryType"] = "flows" }, to.AddMinutes(-5), to, deadline.Token);
        var second = await client.QueryAsync(new JsonObject { ["refId"] = "A", ["queryType"] = "flows" }, to.AddMinutes(-5), to, deadline.Token);

        Assert.False(plugin.HasExited, $"the plugin died on a TLS query. {plugin.DescribeErrors()}");
        Assert.Contains("OpenSSL", first.Error, StringComparison.Ordinal);
        Assert.Equal(first.Error, second.Error);
    }

    private static async Task<CheckHealthResponse> CheckHealthAsync(PluginProcess plugin, string uid, string relayAddress)
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        return await new DataSourceClient(plugin, Instance(uid, relayAddress)).CheckHealthAsync(deadline.Token);
    }

    private static DataSourceInstance Instance(string uid, string relayAddress) =>
        new(uid, $"Hubble ({uid})", relayAddress, new JsonObject { ["timeout"] = 5 }, DateTimeOffset.UnixEpoch);

    // The kernel completes the TCP handshake for a listener that never accepts, so a client gets as far as starting TLS;
    // a closed port would fail before TLS is touched.
    private static TcpListener SilentRelay()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return listener;
    }

    private static int ClosedLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
