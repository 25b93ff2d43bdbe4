using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NetObs.Package.Tests;

/// <summary>
/// What the Native AOT Linux executables ask of the system's C library. Grafana's images offer glibc 2.35 at the
/// oldest: the Alpine image's glibc-compat layer has been 2.35 since Grafana 9.0.3 (its Docker changelog; 2.40 in
/// current images) and holds only the loader, libc, libdl, libm, libpthread, librt and libresolv. An executable
/// linked against a newer glibc than that, or needing another library, would not start there.
/// </summary>
public sealed partial class GlibcRequirementTests
{
    private static readonly Version OldestGrafanaGlibc = new(2, 35);

    private static readonly string[] CompatLibraries =
        ["ld-linux-x86-64.so.2", "ld-linux-aarch64.so.1", "libc.so.6", "libdl.so.2", "libm.so.6", "libpthread.so.0", "librt.so.1", "libresolv.so.2"];

    private readonly PackagedPlugin package = PackagedPlugin.Find();

    public static TheoryData<string> LinuxExecutables => ["gpx_netobs_linux_amd64", "gpx_netobs_linux_arm64"];

    [Theory]
    [MemberData(nameof(LinuxExecutables))]
    public void Linux_executable_needs_only_grafana_image_libraries_at_glibc_2_35_or_older(string name)
    {
        var path = Path.Combine(package.Folder, name);
        // A (non-AOT) single file hosts the .NET runtime, which needs the C++ runtime too; README says which images have it.
        var allowed = SingleFileBundle.TryRead(path) is null ? CompatLibraries : [.. CompatLibraries, "libstdc++.so.6", "libgcc_s.so.1"];

        var dynamic = ReadElf("-d", path);
        var needed = NeededLibrary().Matches(dynamic).Select(m => m.Groups["name"].Value).ToList();
        Assert.NotEmpty(needed);
        Assert.All(needed, library => Assert.Contains(library, allowed));

        var versions = GlibcVersion().Matches(ReadElf("-V", path)).Select(m => Version.Parse(m.Groups["version"].Value)).ToList();
        Assert.NotEmpty(versions);
        var newest = versions.Max()!;
        Assert.True(newest <= OldestGrafanaGlibc, $"{name} needs GLIBC_{newest}, newer than the glibc {OldestGrafanaGlibc} Grafana's images offer");
    }

    private static string ReadElf(string option, string path)
    {
        var info = new ProcessStartInfo(HostTool.Require("readelf", "it comes with Debian's binutils"), [option, "-W", path])
        {
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, $"readelf {option} {path} exited with {process.ExitCode}");
        return output;
    }

    [GeneratedRegex(@"\(NEEDED\)\s+Shared library: \[(?<name>[^\]]+)\]")]
    private static partial Regex NeededLibrary();

    [GeneratedRegex(@"Name: GLIBC_(?<version>\d+\.\d+(?:\.\d+)?)\b")]
    private static partial Regex GlibcVersion();
}
