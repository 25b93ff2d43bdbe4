using NetObs.Testing.Simulator;

namespace NetObs.Demo.Stack;

/// <summary>How a demo stack runs: what it starts, where it writes, and how short its rule windows are.</summary>
internal sealed record DemoStackOptions
{
    public required RepositoryLayout Layout { get; init; }

    /// <summary>Generated files, Prometheus data and process logs go here.</summary>
    public required string WorkFolder { get; init; }

    public SimulatorSettings Simulator { get; init; } = new();

    /// <summary>The history server's backfilled hours; null runs no history server.</summary>
    public HistorySettings? History { get; init; }

    /// <summary>The plugin executable to launch; null takes the packaged one, else the build output.</summary>
    public string? PluginExecutable { get; init; }

    /// <summary>Prometheus to run; null runs the demo without it (and says how to install it).</summary>
    public string? PrometheusExecutable { get; init; }

    /// <summary>Scrape and rule evaluation interval.</summary>
    public TimeSpan ScrapeInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Alert `for` durations are capped at this, so alerts fire during the demo.</summary>
    public TimeSpan MaxAlertFor { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Range windows in rule expressions are capped at this.</summary>
    public TimeSpan MaxRuleRange { get; init; } = TimeSpan.FromMinutes(1);
}
