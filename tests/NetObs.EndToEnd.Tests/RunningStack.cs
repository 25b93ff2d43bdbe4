using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;
using NetObs.Testing.Simulator;

namespace NetObs.EndToEnd.Tests;

/// <summary>The demo's stack with short rule windows for a test run: simulator, generated files, a real Prometheus, the plugin.</summary>
public abstract class RunningStack : IAsyncLifetime
{
    /// <summary>Scrape and evaluation interval: short, so rates and alerts settle within a test run.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(2);

    private readonly StringWriter progress = new();
    private DemoStack? stack;

    protected abstract string Scenarios { get; }

    /// <summary>The history server's backfilled hours, as the demo runs it; null starts none.</summary>
    private protected virtual HistorySettings? History => null;

    internal DemoStack Stack => stack ?? throw new InvalidOperationException($"The stack did not start: {progress}");

    internal PrometheusApi Prometheus => Stack.Prometheus!.Api;

    public async Task InitializeAsync()
    {
        var prometheus = PrometheusProcess.Locate()
            ?? throw new InvalidOperationException("Prometheus is not installed; `.ci/run` installs Debian's `prometheus` package (apt-get install prometheus).");
        var layout = RepositoryLayout.Find("Release", RepositoryPaths.Root);
        var options = new DemoStackOptions
        {
            Layout = layout,
            WorkFolder = Directory.CreateTempSubdirectory($"netobs-e2e-{Scenarios.Replace(',', '-')}-").FullName,
            PrometheusExecutable = prometheus,
            // The build output, not dist/: this suite tests the stack, the package tests test the package.
            PluginExecutable = layout.BuiltPlugin,
            Simulator = new SimulatorSettings { Scenarios = Scenarios, Backfill = TimeSpan.FromHours(1), Rate = 200 },
            History = History,
            ScrapeInterval = Interval,
            MaxAlertFor = TimeSpan.FromSeconds(10),
            MaxRuleRange = TimeSpan.FromMinutes(1),
        };
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(5));
        stack = await DemoStack.StartAsync(options, progress, timeout.Token);
        await WaitForScrapesAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (stack is not null)
        {
            var work = stack.Options.WorkFolder;
            await stack.DisposeAsync();
            Directory.Delete(work, recursive: true);
        }
    }

    /// <summary>
    /// Waits until Prometheus holds <paramref name="span"/> of scrapes: rare events (a scenario's RSTs, a 5 % share of
    /// 503s) show in a rate only once the window spans some of them, and tests that expect every situation need that
    /// much history, not just the first few scrapes.
    /// </summary>
    public async Task WaitForScrapedSpanAsync(TimeSpan span, CancellationToken cancellation)
    {
        var needed = (int)(span / Interval);
        var query = $"count_over_time(up{{job=\"{PrometheusConfigWriter.ScrapeJob}\"}}[{(int)(span.TotalSeconds * 2)}s])";
        while (true)
        {
            var scrapes = await Prometheus.QueryAsync(query, cancellation);
            if (scrapes.HasData && scrapes.Series.Min(s => s.Value) >= needed)
            {
                return;
            }

            await Task.Delay(Interval, cancellation);
        }
    }

    /// <summary>Waits until Prometheus has scraped the simulator often enough for a rate over the short windows.</summary>
    private async Task WaitForScrapesAsync(CancellationToken cancellation)
    {
        var query = $"count_over_time(up{{job=\"{PrometheusConfigWriter.ScrapeJob}\"}}[1m])";
        while (true)
        {
            var (allUp, description) = await Prometheus.TargetsAsync(cancellation);
            var scrapes = await Prometheus.QueryAsync(query, cancellation);
            if (allUp && scrapes.HasData && scrapes.Series.Min(s => s.Value) >= 4)
            {
                return;
            }

            if (cancellation.IsCancellationRequested)
            {
                throw new TimeoutException($"Prometheus did not scrape the simulator in time: {description}");
            }

            await Task.Delay(Interval, cancellation);
        }
    }
}

/// <summary>Every scenario at once, with the history server on six backfilled hours, as the demo runs.</summary>
public sealed class AllScenariosStack : RunningStack
{
    protected override string Scenarios => "all";

    private protected override HistorySettings? History => new();
}

/// <summary>Healthy traffic only: no alert may fire.</summary>
public sealed class HealthyStack : RunningStack
{
    protected override string Scenarios => "background";
}

[CollectionDefinition(Name)]
public sealed class AllScenariosCollection : ICollectionFixture<AllScenariosStack>
{
    public const string Name = "all scenarios";
}
