namespace NetObs.Grafana.Hosting;

/// <summary>How the plugin process presents itself: its plugin id (from plugin.json) and a few limits.</summary>
public sealed record PluginHostOptions(string PluginId)
{
    /// <summary>Largest gRPC message accepted (grpc-dotnet's default of 4 MiB is too small for big resource bodies).</summary>
    public int MaxReceiveMessageBytes { get; init; } = 64 * 1024 * 1024;

    /// <summary>Prefix of the plugin's own metric names.</summary>
    public string MetricsPrefix { get; init; } = "plugin";

    /// <summary>The hclog <c>@module</c> of every log line.</summary>
    public string LogModule { get; init; } = "plugin";

    /// <summary>Lowest level written to stderr; Grafana filters again with its own <c>[log] filters</c>.</summary>
    public Microsoft.Extensions.Logging.LogLevel MinimumLogLevel { get; init; } = Microsoft.Extensions.Logging.LogLevel.Debug;

    /// <summary>How long a stop may wait for running calls; after this plus 250 ms the process exits regardless (go-plugin kills it 2 s after Shutdown).</summary>
    public TimeSpan ShutdownTimeout { get; init; } = TimeSpan.FromMilliseconds(750);

    /// <summary>How often the host checks whether Grafana (its parent process) is still alive.</summary>
    public TimeSpan ParentCheckInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>The version <c>--version</c> prints and the start-up log line names; by default the entry assembly's.</summary>
    public string Version { get; init; } = VersionReport.VersionOf(System.Reflection.Assembly.GetEntryAssembly());

    /// <summary>The environment variable that points Grafana's launch at a standalone (debugger-hosted) server.</summary>
    public string StandaloneAddressVariable => "GF_PLUGIN_GRPC_ADDRESS_" + PluginId.ToUpperInvariant().Replace('-', '_');
}
