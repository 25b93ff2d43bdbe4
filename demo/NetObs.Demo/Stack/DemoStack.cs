using NetObs.Demo.Plugin;
using NetObs.Demo.Prometheus;
using NetObs.Testing.History;
using NetObs.Testing.Plugin;
using NetObs.Testing.Simulator;

namespace NetObs.Demo.Stack;

/// <summary>
/// Everything the demo runs, started in dependency order and stopped in reverse: simulator, generated files, Prometheus,
/// the history server (on hours backfilled while the others start), plugin.
/// </summary>
internal sealed class DemoStack : IAsyncDisposable
{
    private DemoStack(DemoStackOptions options, SimulatorProcess simulator, string generatedFolder, PrometheusProcess? prometheus, PluginProcess plugin, DataSourceClient dataSource)
    {
        Options = options;
        Simulator = simulator;
        GeneratedFolder = generatedFolder;
        Prometheus = prometheus;
        Plugin = plugin;
        DataSource = dataSource;
    }

    public DemoStackOptions Options { get; }

    public SimulatorProcess Simulator { get; }

    /// <summary>The generator's output: dashboards/, provisioning/, alerts/.</summary>
    public string GeneratedFolder { get; }

    /// <summary>Null when Prometheus is not installed.</summary>
    public PrometheusProcess? Prometheus { get; }

    public PluginProcess Plugin { get; }

    public DataSourceClient DataSource { get; }

    /// <summary>Null when the demo runs without a history server.</summary>
    public HistoryProcess? History { get; private init; }

    /// <summary>What the backfill stored and where its incident is; null without a history server.</summary>
    public BackfilledHistory? Backfill { get; private init; }

    /// <summary>A second data source of the same plugin, its `url` pointing at the history server; null without one.</summary>
    public DataSourceClient? HistoryDataSource { get; private init; }

    public string LogsFolder => Path.Combine(Options.WorkFolder, "logs");

    public static async Task<DemoStack> StartAsync(DemoStackOptions options, TextWriter progress, CancellationToken cancellation)
    {
        var logs = Path.Combine(options.WorkFolder, "logs");
        Directory.CreateDirectory(logs);
        await using var started = new StartedParts();

        if (options.History is { } history)
        {
            // Export and import run beside the simulator's own backfill and the generator: they only need the simulator's settings.
            progress.WriteLine($"Backfilling {SimulatorSettings.FormatDuration(history.Duration)} of history for the history server in the background (simulator export, netobs-history import) ...");
            started.Backfill = HistoryBackfill.RunAsync(options.Layout, history, options.Simulator, Path.Combine(options.WorkFolder, "history"), logs, started.BackfillCancellation.Token);
        }

        progress.WriteLine($"Starting the Hubble Relay simulator (scenarios {options.Simulator.Scenarios}, {SimulatorSettings.FormatDuration(options.Simulator.Backfill)} of backfill) ...");
        started.Simulator = await StartProgress.ReportAsync(
            SimulatorProcess.StartAsync(options.Layout.Simulator, options.Simulator, Path.Combine(logs, "simulator.log"), cancellation),
            progress, "simulating the backfill", cancellation);
        progress.WriteLine($"  relay  {started.Simulator.RelayAddress}   metrics http://{started.Simulator.MetricsAddress}/metrics");

        var prometheusPort = LoopbackPorts.FindFree();
        var prometheusAddress = new Uri($"http://127.0.0.1:{prometheusPort}/");
        var generated = Path.Combine(options.WorkFolder, "generated");
        var configFile = Path.Combine(options.WorkFolder, "generator.yaml");
        await File.WriteAllTextAsync(configFile, GeneratorRun.RenderConfig(started.Simulator.RelayAddress, prometheusAddress, generated), cancellation);
        progress.WriteLine("Generating dashboards, alert rules and provisioning ...");
        await StartProgress.ReportAsync(
            GeneratorRun.RunAsync(options.Layout.Generator, configFile, generated, Path.Combine(logs, "generator.log"), cancellation),
            progress, "generating", cancellation);
        progress.WriteLine($"  {generated}");

        if (options.PrometheusExecutable is { } prometheusExecutable)
        {
            var folder = Path.Combine(options.WorkFolder, "prometheus");
            Directory.CreateDirectory(folder);
            var ruleFiles = new List<string>();
            foreach (var rules in GeneratedRuleFiles(generated))
            {
                var shortened = Path.Combine(folder, Path.GetFileName(rules));
                var text = RuleWindows.Shorten(await File.ReadAllTextAsync(rules, cancellation), options.MaxAlertFor, options.MaxRuleRange, options.ScrapeInterval);
                await File.WriteAllTextAsync(shortened, text, cancellation);
                ruleFiles.Add(shortened);
            }

            var config = Path.Combine(folder, "prometheus.yml");
            await File.WriteAllTextAsync(config, PrometheusConfigWriter.Render(started.Simulator.MetricsAddress, ruleFiles, options.ScrapeInterval), cancellation);
            progress.WriteLine($"Starting Prometheus with {ruleFiles.Count} rule file(s), `for` capped at {options.MaxAlertFor.TotalSeconds:0} s and windows at {options.MaxRuleRange.TotalSeconds:0} s ...");
            started.Prometheus = await StartProgress.ReportAsync(
                PrometheusProcess.StartAsync(prometheusExecutable, prometheusPort, config, Path.Combine(folder, "data"), Path.Combine(logs, "prometheus.log"), cancellation),
                progress, "waiting for Prometheus", cancellation);
            progress.WriteLine($"  {started.Prometheus.Address}");
        }

        BackfilledHistory? backfilled = null;
        if (started.Backfill is not null)
        {
            backfilled = await StartProgress.ReportAsync(started.Backfill, progress, "backfilling the history", cancellation);
            progress.WriteLine($"  {backfilled.Flows} flows since {backfilled.From:HH:mm} UTC: exported in {backfilled.ExportTime.TotalSeconds:0.0} s, imported in {backfilled.ImportTime.TotalSeconds:0.0} s ({backfilled.ImportReport})");
            progress.WriteLine("Starting the history server on DuckDB, following the simulator ...");
            started.History = await StartProgress.ReportAsync(
                HistoryProcess.StartAsync(options.Layout.History, ["--relay", started.Simulator.RelayAddress, "--store", backfilled.Store, "--listen", "127.0.0.1:0"], Path.Combine(logs, "history.log"), cancellation),
                progress, "waiting for the history server", cancellation);
            progress.WriteLine($"  history {started.History.Address}   store {backfilled.Store}");
        }

        var pluginExecutable = options.PluginExecutable ?? options.Layout.Plugin;
        progress.WriteLine($"Launching the plugin as Grafana does: {pluginExecutable}");
        started.Plugin = await StartProgress.ReportAsync(
            PluginProcess.StartAsync(new PluginLaunch(pluginExecutable) { LogFile = Path.Combine(logs, "plugin.log") }, cancellation),
            progress, "waiting for the plugin's handshake", cancellation);
        progress.WriteLine($"  handshake {started.Plugin.Handshake.Address} after {started.Plugin.StartToHandshake.TotalMilliseconds:0} ms");
        var dataSource = new DataSourceClient(started.Plugin, DataSourceInstance.ForRelay(started.Simulator.RelayAddress, DateTimeOffset.UtcNow));

        var stack = new DemoStack(options, started.Simulator, generated, started.Prometheus, started.Plugin, dataSource)
        {
            History = started.History,
            Backfill = backfilled,
            HistoryDataSource = started.History is null
                ? null
                : new DataSourceClient(started.Plugin, DataSourceInstance.ForHistory(started.History.Address, DateTimeOffset.UtcNow)),
        };
        started.Release();
        return stack;
    }

    /// <summary>The Prometheus rule files among the generator's output (alerts/prometheus-rules.yaml and any other plain rule file).</summary>
    public static IReadOnlyList<string> GeneratedRuleFiles(string generatedFolder)
    {
        var alerts = Path.Combine(generatedFolder, "alerts");
        var rules = Path.Combine(alerts, "prometheus-rules.yaml");
        return File.Exists(rules) ? [rules] : [];
    }

    public IReadOnlyList<string> DashboardFiles() =>
        Directory.Exists(Path.Combine(GeneratedFolder, "dashboards"))
            ? Directory.GetFiles(Path.Combine(GeneratedFolder, "dashboards"), "*.json").Order(StringComparer.Ordinal).ToList()
            : [];

    /// <summary>Stops the plugin (Shutdown as Grafana does), Prometheus, the history server and the simulator, in that order.</summary>
    public async ValueTask DisposeAsync()
    {
        await Plugin.ShutdownAsync();
        await Plugin.DisposeAsync();
        if (Prometheus is not null)
        {
            await Prometheus.StopAsync();
            await Prometheus.DisposeAsync();
        }

        if (History is not null)
        {
            await History.StopAsync();
            await History.DisposeAsync();
        }

        await Simulator.StopAsync();
        await Simulator.DisposeAsync();
    }

    /// <summary>Parts started so far, stopped if a later part fails to start.</summary>
    private sealed class StartedParts : IAsyncDisposable
    {
        private bool released;

        public SimulatorProcess? Simulator { get; set; }

        public PrometheusProcess? Prometheus { get; set; }

        public PluginProcess? Plugin { get; set; }

        public HistoryProcess? History { get; set; }

        /// <summary>The backfill running beside the other parts; cancelled and awaited if a part fails to start.</summary>
        public Task<BackfilledHistory>? Backfill { get; set; }

        public CancellationTokenSource BackfillCancellation { get; } = new();

        public void Release() => released = true;

        public async ValueTask DisposeAsync()
        {
            if (released)
            {
                BackfillCancellation.Dispose();
                return;
            }

            if (Backfill is not null)
            {
                await BackfillCancellation.CancelAsync();
                try
                {
                    await Backfill;
                }
                catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException or FileNotFoundException)
                {
                    // The part that failed to start is what the user hears about; the backfill only stops with it.
                }
            }

            BackfillCancellation.Dispose();

            if (Plugin is not null)
            {
                await Plugin.ShutdownAsync();
                await Plugin.DisposeAsync();
            }

            if (Prometheus is not null)
            {
                await Prometheus.DisposeAsync();
            }

            if (History is not null)
            {
                await History.DisposeAsync();
            }

            if (Simulator is not null)
            {
                await Simulator.DisposeAsync();
            }
        }
    }
}
