using System.Runtime.Versioning;

namespace NetObs.Package.Tests;

/// <summary>The packaged linux_amd64 executable starts as Grafana starts it: on this glibc system and in a root that holds only what Grafana's Alpine image provides.</summary>
[SupportedOSPlatform("linux")]
public sealed class LaunchTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    private string LinuxAmd64 => Path.Combine(package.Folder, "gpx_netobs_linux_amd64");

    [Fact]
    public async Task Linux_amd64_executable_completes_the_handshake_and_shuts_down_when_asked()
    {
        var log = Path.Combine(Path.GetTempPath(), $"netobs-package-launch-{Guid.NewGuid():N}.log");
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(LinuxAmd64) { LogFile = log });

        Assert.Equal("tcp", plugin.Handshake.Network);
        Assert.StartsWith("127.0.0.1:", plugin.Handshake.Address, StringComparison.Ordinal);
        Assert.True(await plugin.ShutdownAsync(), "the plugin did not exit within 2 s of GRPCController/Shutdown, so Grafana would kill it");
        Console.WriteLine($"gpx_netobs_linux_amd64: start to handshake {plugin.StartToHandshake.TotalMilliseconds:0} ms");
    }

    [Fact]
    public async Task Linux_amd64_executable_starts_in_a_root_with_only_the_alpine_image_glibc_compat_libraries()
    {
        using var root = new AlpineLikeRoot();
        root.Install(LinuxAmd64, "/usr/share/grafana/plugins/gpx_netobs_linux_amd64");

        var result = await root.RunUntilHandshakeAsync("/usr/share/grafana/plugins/gpx_netobs_linux_amd64", TimeSpan.FromSeconds(60));

        Assert.True(result.Handshake is not null, $"no handshake from the plugin in the Alpine-like root. {result.Diagnostics}");
        var handshake = PluginHandshake.Parse(result.Handshake!);
        Assert.Equal("grpc", handshake.Protocol);
        Assert.DoesNotContain(root.Files(), f => f.Contains("libstdc++", StringComparison.Ordinal) || f.Contains("libgcc_s", StringComparison.Ordinal));
    }
}
