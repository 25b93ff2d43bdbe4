using System.Reflection;

namespace NetObs.Testing.Plugin;

/// <summary>Where the build puts the plugin executables the tests, benchmarks and demo launch.</summary>
public static class PluginExecutables
{
    /// <summary>The configuration this harness was built with; every project of one build shares it.</summary>
    public static string Configuration { get; } =
        typeof(PluginExecutables).Assembly.GetCustomAttribute<AssemblyConfigurationAttribute>()?.Configuration ?? "Release";

    /// <summary>gpx_netobs as `dotnet build` of plugin-backend/NetObs.Plugin leaves it.</summary>
    public static string NetObsPlugin(string? configuration = null) =>
        BuildOutput(RepositoryPaths.Root, "plugin-backend", "NetObs.Plugin", "gpx_netobs", configuration ?? Configuration);

    /// <summary>The sample plugin the NetObs.Grafana tests launch.</summary>
    public static string SamplePlugin(string? configuration = null) =>
        BuildOutput(RepositoryPaths.Root, "tests", "NetObs.Grafana.SamplePlugin", "NetObs.Grafana.SamplePlugin", configuration ?? Configuration);

    /// <summary>A project's executable in its build output below <paramref name="root"/>.</summary>
    public static string BuildOutput(string root, string area, string project, string assembly, string configuration) =>
        Path.Combine(root, area, project, "bin", configuration, "net10.0", assembly + (OperatingSystem.IsWindows() ? ".exe" : ""));
}
