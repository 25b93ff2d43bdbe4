using System.Runtime.InteropServices;

namespace NetObs.Demo.Stack;

/// <summary>Where the demo finds the programs it runs: the built simulator and generator, and the plugin as packaged or built.</summary>
internal sealed record RepositoryLayout(string Root, string Configuration)
{
    public const string PluginId = "netobs-hubble-datasource";

    public const string ExecutablePrefix = "gpx_netobs";

    public string PluginFolder => Path.Combine(Root, "dist", PluginId);

    public string PackagedPlugin => Path.Combine(PluginFolder, PackagedExecutableName());

    public string BuiltPlugin => BuildOutput("plugin-backend", "NetObs.Plugin", ExecutablePrefix);

    public string Simulator => BuildOutput("simulator", "NetObs.Simulator", "NetObs.Simulator");

    public string Generator => BuildOutput("generator", "NetObs.Generator", "NetObs.Generator");

    /// <summary>The packaged executable when `dotnet cake --target=Package` made one, else the build output.</summary>
    public string Plugin => File.Exists(PackagedPlugin) ? PackagedPlugin : BuiltPlugin;

    public static RepositoryLayout Find(string configuration, string? startFolder = null)
    {
        foreach (var start in new[] { startFolder, AppContext.BaseDirectory, Environment.CurrentDirectory })
        {
            for (var dir = start is null ? null : new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "NetObs.slnx")))
                {
                    return new RepositoryLayout(dir.FullName, configuration);
                }
            }
        }

        throw new InvalidOperationException(
            $"No NetObs.slnx above {AppContext.BaseDirectory} or {Environment.CurrentDirectory}; run the demo from the repository (dotnet cake --target=Demo).");
    }

    /// <summary>Grafana's name for this host's executable: gpx_netobs_&lt;goos&gt;_&lt;goarch&gt;[.exe].</summary>
    public static string PackagedExecutableName()
    {
        var os = OperatingSystem.IsWindows() ? "windows" : OperatingSystem.IsMacOS() ? "darwin" : "linux";
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "amd64",
            Architecture.Arm64 => "arm64",
            Architecture.Arm => "arm",
            var other => other.ToString().ToLowerInvariant(),
        };
        return $"{ExecutablePrefix}_{os}_{arch}{(OperatingSystem.IsWindows() ? ".exe" : "")}";
    }

    private string BuildOutput(string area, string project, string assembly) =>
        Path.Combine(Root, area, project, "bin", Configuration, "net10.0", assembly + (OperatingSystem.IsWindows() ? ".exe" : ""));
}
