using System.Reflection;
using System.Runtime.InteropServices;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// What <c>--version</c> prints: the executable's name, its version (the assembly's informational version without the
/// source-revision suffix) and the plugin id, so that a user or a package check can tell which build Grafana runs.
/// </summary>
internal static class VersionReport
{
    public static bool IsRequested(IEnumerable<string> args) => args.Any(a => a is "--version" or "-version" or "-v");

    /// <summary>The version of <paramref name="assembly"/>: its informational version, cut at '+' (SemVer build metadata).</summary>
    public static string VersionOf(Assembly? assembly)
    {
        var informational = assembly?.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        if (!string.IsNullOrEmpty(informational))
        {
            var metadata = informational.IndexOf('+', StringComparison.Ordinal);
            return metadata < 0 ? informational : informational[..metadata];
        }

        return assembly?.GetName().Version?.ToString(3) ?? "unknown";
    }

    /// <summary>One line, e.g. <c>gpx_netobs_linux_amd64 0.1.0 (plugin netobs-hubble-datasource, linux-x64)</c>.</summary>
    public static string Line(string executable, PluginHostOptions options) =>
        $"{executable} {options.Version} (plugin {options.PluginId}, {RuntimeInformation.RuntimeIdentifier})";
}
