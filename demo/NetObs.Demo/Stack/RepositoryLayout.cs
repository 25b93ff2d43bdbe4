using System.Runtime.InteropServices;
using NetObs.Testing;
using NetObs.Testing.Plugin;

namespace NetObs.Demo.Stack;

/// <summary>Where the demo finds the programs it runs: the built simulator, generator and history server, and the plugin as packaged or built.</summary>
internal sealed record RepositoryLayout(string Root, string Configuration)
{
    public const string PluginId = "netobs-hubble-datasource";

    public const string ExecutablePrefix = "gpx_netobs";

    public string PluginFolder => Path.Combine(Root, "dist", PluginId);

    public string PackagedPlugin => Path.Combine(PluginFolder, PackagedExecutableName());

    public string BuiltPlugin => BuildOutput("plugin-backend", "NetObs.Plugin", ExecutablePrefix);

    public string Simulator => BuildOutput("simulator", "NetObs.Simulator", "NetObs.Simulator");

    public string Generator => BuildOutput("generator", "NetObs.Generator", "NetObs.Generator");

    /// <summary>The history server, netobs-history.</summary>
    public string History => BuildOutput("history", "NetObs.History", "netobs-history");

    /// <summary>The packaged executable when `dotnet cake --target=Package` made one, else the build output.</summary>
    public string Plugin => File.Exists(PackagedPlugin) ? PackagedPlugin : BuiltPlugin;

    /// <summary>The layout of the checkout at or above <paramref name="startFolder"/>, or above the demo's own binaries.</summary>
    public static RepositoryLayout Find(string configuration, string? startFolder = null) =>
        new(startFolder is null ? RepositoryPaths.Root : RepositoryPaths.FindRootAbove(startFolder), configuration);

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
        PluginExecutables.BuildOutput(Root, area, project, assembly, Configuration);
}
