using System.Security.Cryptography;

namespace NetObs.Package.Tests;

/// <summary>The zip as Grafana's plugin validator (archive, binarypermissions, backendbinary, backenddebug) and `grafana cli plugins install` read it.</summary>
public sealed class ArchiveTests
{
    private const int ExecutableMode = 0b111_101_101; // 0755

    private readonly PackagedPlugin package = PackagedPlugin.Find();

    [Fact]
    public void Zip_has_a_single_root_folder_named_after_the_plugin_id()
    {
        using var zip = package.OpenZip();
        var roots = zip.Entries.Select(e => e.FullName.Split('/')[0]).Distinct().ToList();

        Assert.Equal([PackagedPlugin.PluginId], roots);
        Assert.Contains(zip.Entries, e => e.FullName == $"{PackagedPlugin.PluginId}/plugin.json");
    }

    [Fact]
    public void Every_platform_executable_is_in_the_zip_named_the_go_way_with_mode_0755()
    {
        using var zip = package.OpenZip();
        var executables = zip.Entries.Where(e => e.Name.StartsWith("gpx_", StringComparison.Ordinal)).ToDictionary(e => e.Name);

        Assert.Equal(PackagedPlugin.ExpectedExecutables.Order(StringComparer.Ordinal), executables.Keys.Order(StringComparer.Ordinal));
        foreach (var (name, entry) in executables)
        {
            var mode = (entry.ExternalAttributes >> 16) & 0xFFF;
            Assert.True(mode == ExecutableMode, $"{name} has mode {Convert.ToString(mode, 8)} in the zip; Grafana needs 755 to start it");
            Assert.True(entry.Length > 1_000_000, $"{name} is only {entry.Length} bytes");
        }
    }

    [Fact]
    public void Executables_in_the_plugin_folder_are_executable_and_nothing_else_is()
    {
        foreach (var file in Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories))
        {
            var executable = Path.GetFileName(file).StartsWith("gpx_netobs_", StringComparison.Ordinal);
            if (!OperatingSystem.IsWindows())
            {
                var mode = File.GetUnixFileMode(file);
                Assert.True(!executable || mode.HasFlag(UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute),
                    $"{file} is not executable ({mode})");
            }
        }

        Assert.True(File.Exists(Path.Combine(package.Folder, "gpx_netobs_linux_amd64")),
            "the validator requires a linux_amd64 executable (backend-binary-not-linux-amd64)");
    }

    [Fact]
    public void No_debug_leftovers_are_shipped()
    {
        using var zip = package.OpenZip();
        var names = zip.Entries.Select(e => e.Name).ToList();

        // The Go SDK's standalone mode writes these; the validator's backenddebug rule rejects them.
        Assert.DoesNotContain("standalone.txt", names);
        Assert.DoesNotContain("pid.txt", names);
        Assert.DoesNotContain(names, n => n.EndsWith(".pdb", StringComparison.Ordinal) || n.EndsWith(".dbg", StringComparison.Ordinal));
        Assert.DoesNotContain(names, n => n.EndsWith(".dll", StringComparison.Ordinal) || n.EndsWith(".so", StringComparison.Ordinal));
    }

    [Fact]
    public void Zip_matches_its_sha256_file()
    {
        var line = File.ReadAllText(package.Zip + ".sha256").Trim();
        var expected = line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];

        using var stream = File.OpenRead(package.Zip);
        Assert.Equal(expected, Convert.ToHexStringLower(SHA256.HashData(stream)));
        Assert.EndsWith(Path.GetFileName(package.Zip), line, StringComparison.Ordinal);
    }

    [Fact]
    public void Zip_holds_the_same_files_as_the_plugin_folder()
    {
        using var zip = package.OpenZip();
        var inZip = zip.Entries.Where(e => e.Name.Length > 0).Select(e => e.FullName[(PackagedPlugin.PluginId.Length + 1)..]).Order(StringComparer.Ordinal);
        var inFolder = Directory.EnumerateFiles(package.Folder, "*", SearchOption.AllDirectories)
            .Select(f => Path.GetRelativePath(package.Folder, f).Replace('\\', '/')).Order(StringComparer.Ordinal);

        Assert.Equal(inFolder, inZip);
    }

    [Fact]
    public void Executables_and_zip_stay_within_the_size_goals()
    {
        var linux = new FileInfo(Path.Combine(package.Folder, "gpx_netobs_linux_amd64")).Length;
        var zip = new FileInfo(package.Zip).Length;

        // Issue 8's goals: linux_amd64 (Native AOT) at most 30 MB, the whole zip under 150 MB.
        Assert.True(linux <= 30L * 1024 * 1024, $"gpx_netobs_linux_amd64 is {linux / 1024.0 / 1024.0:0.0} MiB; the goal is 30 MB");
        Assert.True(zip < 150L * 1024 * 1024, $"the zip is {zip / 1024.0 / 1024.0:0.0} MiB; the goal is under 150 MB");
    }
}
