using System.Diagnostics;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Tests;

/// <summary>The Go SDK's debugging mode: a hand-started <c>-standalone</c> server and the copy Grafana launches.</summary>
public sealed class StandaloneModeTests : IDisposable
{
    private readonly string _pluginFolder = Directory.CreateTempSubdirectory("netobs-standalone-").FullName;

    public void Dispose() => Directory.Delete(_pluginFolder, recursive: true);

    [Fact]
    public async Task Standalone_server_writes_its_address_and_pid_and_grafanas_copy_points_at_it()
    {
        File.WriteAllText(Path.Combine(_pluginFolder, "plugin.json"), """{"id":"netobs-sample-datasource","type":"datasource","backend":true,"executable":"gpx_sample"}""");
        // A process started in the background of a shell inherits SIGINT ignored, and .NET keeps an inherited
        // ignore; a developer's terminal does not. env (coreutils) restores the default before it execs the plugin.
        await using var server = PluginProcess.Start(StandaloneLaunch() with { Launcher = ["env", "--default-signal=INT"] });
        var addressFile = Path.Combine(_pluginFolder, "standalone.txt");
        // The server logs that it wrote its files once they are in place.
        await server.WaitForStderrLineAsync(l => l.Contains("Standalone server on", StringComparison.Ordinal), TimeSpan.FromSeconds(30));

        Assert.True(File.Exists(addressFile), "no standalone.txt: " + server.Stderr);
        var address = File.ReadAllText(addressFile).Trim();
        Assert.Matches(@"^127\.0\.0\.1:\d+$", address);
        Assert.Equal(server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture), File.ReadAllText(Path.Combine(_pluginFolder, "pid.txt")).Trim());
        Assert.Empty(server.StdoutLines);

        // Grafana launches its copy with the address variable set: the copy only hands over the address.
        await using var locator = await PluginProcess.StartAsync(SamplePlugin.Launch.WithVariable("GF_PLUGIN_GRPC_ADDRESS_NETOBS_SAMPLE_DATASOURCE", address));
        Assert.Equal(address, locator.Handshake.Address);
        var reply = await new V2.Data.DataClient(locator.Channel).QueryDataAsync(
            ProtocolRequests.QueryData(ProtocolRequests.Context(), ProtocolRequests.Query("A", "{}")));
        Assert.Equal(200, reply.Responses["A"].Status);

        // Ctrl+C stops a standalone server (unlike a Grafana-launched plugin) and removes both files.
        using (var kill = Process.Start("kill", ["-INT", server.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(10)));
        Assert.False(File.Exists(addressFile));
        Assert.False(File.Exists(Path.Combine(_pluginFolder, "pid.txt")));
    }

    [Fact]
    public async Task Standalone_server_outside_a_plugin_folder_says_where_it_looked()
    {
        await using var server = PluginProcess.Start(StandaloneLaunch());

        Assert.True(await server.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, server.ExitCode);
        Assert.Contains(server.StderrLines, l => l.Contains("no plugin.json with", StringComparison.Ordinal) && l.Contains("netobs-sample-datasource", StringComparison.Ordinal));
    }

    /// <summary>The sample plugin started by hand in the plugin folder: none of Grafana's variables.</summary>
    private PluginLaunch StandaloneLaunch() => SamplePlugin.Launch with
    {
        Environment = new Dictionary<string, string?>(),
        Arguments = ["-standalone"],
        WorkingDirectory = _pluginFolder,
    };
}
