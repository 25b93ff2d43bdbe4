using System.IO.Compression;
using System.Text.Json;

namespace NetObs.Package.Tests;

/// <summary>The package `dotnet cake --target=Package` (and the Test target) writes: dist/&lt;id&gt;/ and dist/&lt;id&gt;-&lt;version&gt;.zip.</summary>
internal sealed class PackagedPlugin
{
    public const string PluginId = "netobs-hubble-datasource";

    /// <summary>Grafana's executable names for the five platforms we ship (grafana-plugin-protocol.md §1.1).</summary>
    public static readonly string[] ExpectedExecutables =
    [
        "gpx_netobs_linux_amd64",
        "gpx_netobs_linux_arm64",
        "gpx_netobs_darwin_amd64",
        "gpx_netobs_darwin_arm64",
        "gpx_netobs_windows_amd64.exe",
    ];

    private PackagedPlugin(string root, string folder, string zip)
    {
        Root = root;
        Folder = folder;
        Zip = zip;
    }

    public string Root { get; }

    public string Folder { get; }

    public string Zip { get; }

    public static PackagedPlugin Find()
    {
        var root = RepositoryPaths.Root;
        var dist = Path.Combine(root, "dist");
        var folder = Path.Combine(dist, PluginId);
        var version = PackageJsonVersion(root);
        var zip = Path.Combine(dist, $"{PluginId}-{version}.zip");
        if (!Directory.Exists(folder) || !File.Exists(zip))
        {
            throw new InvalidOperationException(
                $"The package is missing ({folder} or {zip} does not exist). `dotnet cake --target=Test` packages before it tests; run `dotnet cake --target=Package` when running these tests alone.");
        }

        return new PackagedPlugin(root, folder, zip);
    }

    public static string PackageJsonVersion(string root)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, "plugin-frontend", "package.json")));
        return document.RootElement.GetProperty("version").GetString()!;
    }

    public JsonDocument PluginJson() => JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "plugin.json")));

    public ZipArchive OpenZip() => ZipFile.OpenRead(Zip);
}
