namespace NetObs.Testing.Plugin;

/// <summary>How to start a plugin executable: Grafana's environment unless changed, and Grafana's habits otherwise.</summary>
public sealed record PluginLaunch(string Executable)
{
    /// <summary>Command-line arguments after the executable (Grafana passes none).</summary>
    public IReadOnlyList<string> Arguments { get; init; } = [];

    /// <summary>The variables set for the process; a null value removes the variable this process would pass on.</summary>
    public IReadOnlyDictionary<string, string?> Environment { get; init; } = GrafanaLaunchEnvironment.Create();

    /// <summary>A program and its options that run the executable, such as qemu-aarch64 for another architecture; empty runs it directly.</summary>
    public IReadOnlyList<string> Launcher { get; init; } = [];

    /// <summary>A file that receives every stderr line (and stdout lines marked [stdout]), or null for none.</summary>
    public string? LogFile { get; init; }

    /// <summary>Grafana does not set the working directory, so the plugin inherits Grafana's (§1.2); a temporary folder stands in.</summary>
    public string WorkingDirectory { get; init; } = Path.GetTempPath();

    /// <summary>go-plugin's client gives up on a plugin that prints no handshake within a minute.</summary>
    public TimeSpan HandshakeTimeout { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>This launch with <paramref name="key"/> set to <paramref name="value"/> (null removes it).</summary>
    public PluginLaunch WithVariable(string key, string? value) =>
        this with { Environment = new Dictionary<string, string?>(Environment, StringComparer.Ordinal) { [key] = value } };

    /// <summary>This launch with the given arguments.</summary>
    public PluginLaunch WithArguments(params string[] arguments) => this with { Arguments = arguments };
}
