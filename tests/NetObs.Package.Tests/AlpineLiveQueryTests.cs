using System.Runtime.Versioning;
using System.Text.Json.Nodes;
using NetObs.Demo.Plugin;
using NetObs.Demo.Stack;
using NetObs.Grafana.Protocol.V2;
using NetObs.Testing.Simulator;

namespace NetObs.Package.Tests;

/// <summary>
/// Outside TLS the plugin must not touch OpenSSL either: in Grafana's Alpine image there is none for a glibc process,
/// and .NET's OpenSSL shim aborts the process on first use (hashing included, which .NET does with OpenSSL on Linux).
/// </summary>
[SupportedOSPlatform("linux")]
public sealed class AlpineLiveQueryTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    [Fact]
    public async Task Live_flows_query_over_plaintext_in_the_alpine_image_answers_with_its_channel_and_the_plugin_keeps_serving()
    {
        using var deadline = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var logs = Path.Combine(Path.GetTempPath(), $"netobs-package-alpine-live-{Guid.NewGuid():N}");
        var layout = RepositoryLayout.Find("Release");
        await using var relay = await SimulatorProcess.StartAsync(
            layout.Simulator, new SimulatorSettings { Nodes = 1, Rate = 20, Backfill = TimeSpan.FromMinutes(5) }, Path.Combine(logs, "simulator.log"), deadline.Token);
        using var root = new AlpineLikeRoot();
        await using var plugin = await root.StartPluginAsync(Path.Combine(package.Folder, "gpx_netobs_linux_amd64"), Path.Combine(logs, "plugin.log"), deadline.Token);
        var client = new DataSourceClient(plugin, DataSourceInstance.ForRelay(relay.RelayAddress, DateTimeOffset.UnixEpoch));
        var to = DateTimeOffset.UtcNow;

        var live = await client.QueryAsync(new JsonObject { ["refId"] = "A", ["queryType"] = "flows", ["stream"] = true }, to.AddMinutes(-5), to, deadline.Token);

        Assert.False(plugin.HasExited, $"the plugin died on a live query. {plugin.DescribeErrors()}");
        Assert.Null(live.Error);
        var channel = live.Frames[0].Meta?.GetProperty("channel").GetString();
        Assert.Matches("^ds/netobs/flows/[0-9a-f]{32}$", channel);
        var health = await client.CheckHealthAsync(deadline.Token);
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, health.Status);
    }
}
