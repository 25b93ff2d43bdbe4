using System.Runtime.InteropServices;
using System.Runtime.Versioning;

namespace NetObs.Package.Tests;

/// <summary>The packaged linux_arm64 executable, Native AOT cross-linked on x64, starts as Grafana starts it (under qemu-aarch64 on an x64 machine); GlibcRequirementTests checks what it links.</summary>
[SupportedOSPlatform("linux")]
public sealed class LinuxArm64LaunchTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    private string LinuxArm64 => Path.Combine(package.Folder, "gpx_netobs_linux_arm64");

    [LinuxArm64RunnableFact]
    public async Task Linux_arm64_executable_completes_the_handshake_and_shuts_down_when_asked()
    {
        var log = Path.Combine(Path.GetTempPath(), $"netobs-package-launch-arm64-{Guid.NewGuid():N}.log");
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(LinuxArm64) { Launcher = LinuxArm64Launcher.Command!, LogFile = log });

        Assert.Equal("tcp", plugin.Handshake.Network);
        Assert.StartsWith("127.0.0.1:", plugin.Handshake.Address, StringComparison.Ordinal);
        Assert.True(await plugin.ShutdownAsync(), "the plugin did not exit within 2 s of GRPCController/Shutdown, so Grafana would kill it");
        Console.WriteLine($"gpx_netobs_linux_arm64: start to handshake {plugin.StartToHandshake.TotalMilliseconds:0} ms ({LinuxArm64Launcher.Description})");
    }
}

/// <summary>How this machine runs an arm64 Linux executable: directly on arm64, through qemu-aarch64 elsewhere.</summary>
internal static class LinuxArm64Launcher
{
    /// <summary>The launcher for <see cref="PluginLaunch.Launcher"/>; null when none is installed.</summary>
    public static readonly IReadOnlyList<string>? Command = Find();

    public static string Description => Command is [] ? "native arm64" : "emulated by qemu-aarch64, so only indicative";

    private static string[]? Find()
    {
        if (RuntimeInformation.OSArchitecture == Architecture.Arm64)
        {
            return [];
        }

        var qemu = HostTool.Find("qemu-aarch64") ?? HostTool.Find("qemu-aarch64-static");
        // -L: Debian's libc6-arm64-cross root, where qemu finds the executable's loader and libc.so.6.
        return qemu is null ? null : [qemu, "-L", "/usr/aarch64-linux-gnu"];
    }
}

/// <summary>A fact skipped, with the reason, where this machine cannot run an arm64 Linux executable; .ci/run installs qemu-user, so CI runs it.</summary>
public sealed class LinuxArm64RunnableFactAttribute : FactAttribute
{
    public LinuxArm64RunnableFactAttribute()
    {
        if (LinuxArm64Launcher.Command is null)
        {
            Skip = "qemu-aarch64 is not installed, so the arm64 executable cannot run on this x64 machine; install Debian's qemu-user (.ci/run does).";
        }
    }
}
