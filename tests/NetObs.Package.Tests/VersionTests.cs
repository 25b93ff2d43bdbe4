using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using System.Xml.Linq;

namespace NetObs.Package.Tests;

/// <summary>One version everywhere a user or Grafana reads it: package.json (the source), plugin.json, the executables, CHANGELOG.</summary>
public sealed partial class VersionTests
{
    private readonly PackagedPlugin package = PackagedPlugin.Find();

    private string Version => PackagedPlugin.PackageJsonVersion(package.Root);

    [Fact]
    public void Plugin_json_version_is_package_json_version()
    {
        using var json = package.PluginJson();

        Assert.Equal(Version, json.RootElement.GetProperty("info").GetProperty("version").GetString());
    }

    [Fact]
    public void Executables_are_built_with_package_json_version()
    {
        // Directory.Build.props's <Version> stamps every assembly, the plugin executable included.
        var props = XDocument.Load(Path.Combine(package.Root, "Directory.Build.props"));
        var version = props.Descendants("Version").Single().Value;

        Assert.Equal(Version, version);
    }

    [Fact]
    public void Changelog_names_the_version_as_its_newest_entry()
    {
        var changelog = File.ReadAllText(Path.Combine(package.Folder, "CHANGELOG.md"));
        var newest = VersionHeading().Match(changelog);

        Assert.True(newest.Success, "CHANGELOG.md has no `## <version>` heading");
        Assert.Equal(Version, newest.Groups["version"].Value);
    }

    [Fact]
    public void Zip_is_named_with_the_version()
    {
        Assert.Equal($"{PackagedPlugin.PluginId}-{Version}.zip", Path.GetFileName(package.Zip));
    }

    public static TheoryData<string> Executables => [.. PackagedPlugin.ExpectedExecutables];

    [Theory]
    [MemberData(nameof(Executables))]
    public void Executable_reports_the_package_json_version(string name)
    {
        var path = Path.Combine(package.Folder, name);
        if (SingleFileBundle.TryRead(path) is { } bundle)
        {
            // A trimmed single file this machine may not run: its main assembly carries the version it prints.
            Assert.Equal(Version, ExecutableVersion.FromBundle(bundle));
            return;
        }

        var (launcher, runtime) = NativeLauncher(name);
        var report = ExecutableVersion.RunReport(path, launcher);

        Assert.Equal($"{name} {Version} (plugin {PackagedPlugin.PluginId}, {runtime})", report);
    }

    /// <summary>How this machine runs a Native AOT executable (which has no bundle to read): directly, or under user-mode emulation.</summary>
    private static (string[] Launcher, string Runtime) NativeLauncher(string name)
    {
        var x64Linux = OperatingSystem.IsLinux() && RuntimeInformation.OSArchitecture == Architecture.X64;
        switch (name)
        {
            case "gpx_netobs_linux_amd64" when x64Linux:
                return ([], "linux-x64");
            case "gpx_netobs_linux_arm64":
                return ([.. LinuxArm64Launcher.Command
                    ?? throw new InvalidOperationException("qemu-aarch64 is needed to ask the Native AOT linux_arm64 executable for its version; `.ci/run` installs Debian's qemu-user.")], "linux-arm64");
            default:
                throw new InvalidOperationException($"{name} is neither a single-file bundle nor runnable on this machine, so its version cannot be checked.");
        }
    }

    [GeneratedRegex(@"^##\s+\[?v?(?<version>\d+\.\d+\.\d+[^\s\]]*)", RegexOptions.Multiline)]
    private static partial Regex VersionHeading();
}
