using System.Diagnostics;
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

    [Fact]
    public void Executable_version_report_when_present_agrees()
    {
        var executable = Path.Combine(package.Folder, "gpx_netobs_linux_amd64");
        if (!OperatingSystem.IsLinux() || !File.Exists(executable))
        {
            Assert.Fail($"{executable} is needed on Linux to ask the executable for its version.");
        }

        // Without Grafana's magic cookie the plugin explains how it is started; a version it prints must be ours.
        var info = new ProcessStartInfo(executable, "--version") { RedirectStandardOutput = true, RedirectStandardError = true };
        using var process = Process.Start(info)!;
        var output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        Assert.True(process.WaitForExit(10_000), "gpx_netobs --version did not exit within 10 s without the magic cookie");

        Assert.False(string.IsNullOrWhiteSpace(output), "the executable printed nothing without the magic cookie; it should explain how it is started");
        foreach (Match reported in ReportedVersion().Matches(output))
        {
            Assert.Equal(Version, reported.Groups["version"].Value);
        }
    }

    [GeneratedRegex(@"^##\s+\[?v?(?<version>\d+\.\d+\.\d+[^\s\]]*)", RegexOptions.Multiline)]
    private static partial Regex VersionHeading();

    [GeneratedRegex(@"(?:version|gpx_netobs)\s+v?(?<version>\d+\.\d+\.\d+(?:-[0-9A-Za-z.]+)?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex ReportedVersion();
}
