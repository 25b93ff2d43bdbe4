using System.Diagnostics;
using System.Globalization;
using System.Net;
using Google.Protobuf;
using NetObs.Grafana.Protocol.V2;
using NetObs.Simulator.Hosting;
using NetObs.Simulator.Options;
using NetObs.Testing.Plugin;

namespace NetObs.Benchmarks;

/// <summary>What the dashboard load benchmark runs: how many viewers, for how long, which generated dashboard with which variables.</summary>
internal sealed record DashboardLoadOptions(int Viewers, TimeSpan Duration, string Dashboard, IReadOnlyDictionary<string, string> Variables)
{
    public static DashboardLoadOptions Default { get; } = new(20, TimeSpan.FromSeconds(45), "netobs-pod-flows-namespace",
        new Dictionary<string, string>(StringComparer.Ordinal) { ["namespace"] = "shop", ["workload"] = "frontend" });

    /// <summary>The time range of the generated dashboards (<c>now-30m</c> to <c>now</c>).</summary>
    public TimeSpan Range { get; init; } = TimeSpan.FromMinutes(30);

    /// <summary>The plugin executable to launch.</summary>
    public string PluginPath { get; init; } = PluginExecutables.NetObsPlugin();
}

/// <summary>Latencies of one panel's requests, in milliseconds.</summary>
internal sealed record PanelLatencies(string Title, double[] Milliseconds, int Errors, string? FirstError);

/// <summary>The plugin's resident set size at one moment of the run.</summary>
internal sealed record MemorySample(TimeSpan At, long Bytes);

/// <summary>What one run measured.</summary>
internal sealed record DashboardLoadReport(TimeSpan Elapsed, IReadOnlyList<PanelLatencies> Panels, IReadOnlyList<MemorySample> Memory, string LoadBefore, string LoadAfter)
{
    /// <summary>CPU time the plugin spent during the run.</summary>
    public TimeSpan PluginCpu { get; init; }

    /// <summary>CPU time of this process (the simulator and the viewers) during the run.</summary>
    public TimeSpan BenchCpu { get; init; }

    public int Requests => Panels.Sum(p => p.Milliseconds.Length);

    public int Errors => Panels.Sum(p => p.Errors);

    public double RequestsPerSecond => Requests / Elapsed.TotalSeconds;

    public double[] All => [.. Panels.SelectMany(p => p.Milliseconds).Order()];

    public static double Percentile(double[] sorted, double p) =>
        sorted.Length == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100 * sorted.Length) - 1, 0, sorted.Length - 1)];

    /// <summary>Resident set growth over the second half of the run as a share of its mid-run value: near 0 when memory is flat.</summary>
    public double SecondHalfGrowth
    {
        get
        {
            var half = Memory.Where(m => m.At >= Elapsed / 2).ToList();
            if (half.Count < 4)
            {
                return double.NaN;
            }

            // Least-squares slope, so one collection or one burst does not decide the verdict.
            var meanT = half.Average(m => m.At.TotalSeconds);
            var meanB = half.Average(m => (double)m.Bytes);
            var slope = half.Sum(m => (m.At.TotalSeconds - meanT) * (m.Bytes - meanB)) / half.Sum(m => Math.Pow(m.At.TotalSeconds - meanT, 2));
            return slope * (half[^1].At - half[0].At).TotalSeconds / half[0].Bytes;
        }
    }
}

/// <summary>
/// N viewers of one generated dashboard, each refreshing it in a loop as Grafana does (every NetObs panel is its own
/// QueryData request, all sent at once, the next refresh when the last answered), against the simulator with the
/// demo's settings, through gpx_netobs launched as Grafana launches it and spoken to over pluginv2 gRPC.
/// </summary>
internal static class DashboardLoadBenchmark
{
    private static readonly TimeSpan MemoryInterval = TimeSpan.FromMilliseconds(250);

    public static async Task<DashboardLoadReport> RunAsync(DashboardLoadOptions options, CancellationToken cancellation = default)
    {
        var panels = DashboardPanels.Read(options.Dashboard, options.Variables);
        if (panels.Count == 0)
        {
            throw new ArgumentException($"Dashboard '{options.Dashboard}' has no {DashboardPanels.NetObsType} panel to load.");
        }

        // The demo's simulator: seed 1, every scenario, 3 nodes of 4,095 flows, 100 flows/s, an hour of history.
        var simulatorOptions = new SimulatorOptions
        {
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            MetricsListen = new IPEndPoint(IPAddress.Loopback, 0),
            Seed = 1,
            Scenarios = ScenarioSet.All,
            Nodes = 3,
            BufferCapacity = 4095,
            Rate = 100,
            Backfill = TimeSpan.FromHours(1),
        };
        await using var simulator = await SimulatorHost.StartAsync(simulatorOptions, TimeProvider.System, cancellation).ConfigureAwait(false);
        await using var plugin = await PluginProcess.StartAsync(new PluginLaunch(options.PluginPath), cancellation).ConfigureAwait(false);
        var context = PluginContexts.DataSource(simulator.GrpcEndpoint.ToString(), uid: "netobs", name: "NetObs Hubble");

        // One refresh first: the data source instance, the relay connection and the JIT are then ready, as on a running Grafana.
        var warmUp = panels.Select(p => new Recorder(p.Title)).ToArray();
        await RefreshAsync(plugin, context, panels, warmUp, options.Range, cancellation).ConfigureAwait(false);

        var loadBefore = LoadAverage();
        var recorders = panels.Select(p => new Recorder(p.Title)).ToArray();
        var memory = new List<MemorySample>();
        var pluginCpu = plugin.ProcessorTime();
        var benchCpu = Process.GetCurrentProcess().TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        var sampling = SampleMemoryAsync(plugin, watch, memory, stopSampling.Token);
        var viewers = Enumerable.Range(0, options.Viewers).Select(async _ =>
        {
            while (watch.Elapsed < options.Duration && !cancellation.IsCancellationRequested)
            {
                await RefreshAsync(plugin, context, panels, recorders, options.Range, cancellation).ConfigureAwait(false);
            }
        });
        await Task.WhenAll(viewers).ConfigureAwait(false);
        var elapsed = watch.Elapsed;
        pluginCpu = plugin.ProcessorTime() - pluginCpu;
        benchCpu = Process.GetCurrentProcess().TotalProcessorTime - benchCpu;
        await stopSampling.CancelAsync().ConfigureAwait(false);
        await sampling.ConfigureAwait(false);
        lock (memory)
        {
            memory.Add(new MemorySample(elapsed, plugin.ResidentBytes()));
        }

        return new DashboardLoadReport(elapsed, [.. recorders.Select(r => r.ToLatencies())], memory, loadBefore, LoadAverage())
        {
            PluginCpu = pluginCpu,
            BenchCpu = benchCpu,
        };
    }

    private static async Task RefreshAsync(PluginProcess plugin, PluginContext context, IReadOnlyList<DashboardPanel> panels, Recorder[] recorders, TimeSpan range, CancellationToken cancellation)
    {
        // Grafana resolves now-30m..now once per refresh and gives every panel the same range.
        var to = DateTimeOffset.UtcNow;
        var from = to - range;
        await Task.WhenAll(panels.Select((panel, i) => QueryAsync(plugin, context, panel, recorders[i], from, to, cancellation))).ConfigureAwait(false);
    }

    private static async Task QueryAsync(PluginProcess plugin, PluginContext context, DashboardPanel panel, Recorder recorder, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellation)
    {
        // A panel about 1,000 pixels wide: Grafana's maxDataPoints, and the interval it derives for 30 minutes.
        const int MaxDataPoints = 1000;
        var request = new QueryDataRequest { PluginContext = context };
        request.Queries.Add(new DataQuery
        {
            RefId = "A",
            Json = ByteString.CopyFromUtf8(panel.QueryJson),
            MaxDataPoints = MaxDataPoints,
            IntervalMS = Math.Max(1, (long)(to - from).TotalMilliseconds / MaxDataPoints),
            TimeRange = new TimeRange { FromEpochMS = from.ToUnixTimeMilliseconds(), ToEpochMS = to.ToUnixTimeMilliseconds() },
        });
        var watch = Stopwatch.StartNew();
        string? error;
        try
        {
            var response = await plugin.Data.QueryDataAsync(request, cancellationToken: cancellation).ConfigureAwait(false);
            error = response.Responses.TryGetValue("A", out var answer)
                ? answer.Error.Length > 0 ? answer.Error : null
                : "no response for refId A";
        }
        catch (Grpc.Core.RpcException e)
        {
            error = $"gRPC {e.StatusCode}: {e.Status.Detail}";
        }

        recorder.Add(watch.Elapsed.TotalMilliseconds, error);
    }

    private static async Task SampleMemoryAsync(PluginProcess plugin, Stopwatch watch, List<MemorySample> into, CancellationToken cancellation)
    {
        using var timer = new PeriodicTimer(MemoryInterval);
        do
        {
            var sample = new MemorySample(watch.Elapsed, plugin.ResidentBytes());
            lock (into)
            {
                into.Add(sample);
            }
        }
        while (await WaitAsync(timer, cancellation).ConfigureAwait(false));
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken cancellation)
    {
        try
        {
            return await timer.WaitForNextTickAsync(cancellation).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>The 1-minute load average (Linux), since the figures only compare under similar load.</summary>
    private static string LoadAverage() =>
        OperatingSystem.IsLinux() && File.Exists("/proc/loadavg")
            ? File.ReadAllText("/proc/loadavg").Split(' ')[0]
            : "n/a";

    private sealed class Recorder(string title)
    {
        private readonly List<double> _milliseconds = [];
        private int _errors;
        private string? _firstError;

        public void Add(double milliseconds, string? error)
        {
            lock (_milliseconds)
            {
                _milliseconds.Add(milliseconds);
                if (error is not null)
                {
                    _errors++;
                    _firstError ??= error.Length > 200 ? error[..200] : error;
                }
            }
        }

        public PanelLatencies ToLatencies()
        {
            lock (_milliseconds)
            {
                return new PanelLatencies(title, [.. _milliseconds.Order()], _errors, _firstError);
            }
        }
    }

    /// <summary>Prints the report: requests/s, latency percentiles overall and per panel, the plugin's memory over the run.</summary>
    public static void Print(DashboardLoadOptions options, DashboardLoadReport report)
    {
        static string Ms(double value) => value.ToString("N0", CultureInfo.InvariantCulture) + " ms";
        var all = report.All;
        Console.WriteLine($"Dashboard load: {options.Viewers} viewers refreshing '{options.Dashboard}' ({report.Panels.Count} NetObs panels) for {report.Elapsed.TotalSeconds:N0} s; load average {report.LoadBefore} before, {report.LoadAfter} after, {Environment.ProcessorCount} CPU(s)");
        Console.WriteLine($"  plugin {options.PluginPath}");
        Console.WriteLine($"  {report.Requests:N0} requests, {report.Errors:N0} errors, {report.RequestsPerSecond:N1} requests/s; p50 {Ms(DashboardLoadReport.Percentile(all, 50))}, p95 {Ms(DashboardLoadReport.Percentile(all, 95))}, p99 {Ms(DashboardLoadReport.Percentile(all, 99))}, max {Ms(all.Length == 0 ? double.NaN : all[^1])}");
        Console.WriteLine($"  CPU: plugin {report.PluginCpu.TotalSeconds:N1} s = {report.PluginCpu.TotalMilliseconds / Math.Max(1, report.Requests):N1} ms per request; simulator and viewers (this process) {report.BenchCpu.TotalSeconds:N1} s");
        foreach (var panel in report.Panels)
        {
            Console.WriteLine($"    {panel.Title,-40} {panel.Milliseconds.Length,6:N0} requests; p50 {Ms(DashboardLoadReport.Percentile(panel.Milliseconds, 50))}, p95 {Ms(DashboardLoadReport.Percentile(panel.Milliseconds, 95))}, p99 {Ms(DashboardLoadReport.Percentile(panel.Milliseconds, 99))}{(panel.FirstError is null ? string.Empty : $"; first error: {panel.FirstError}")}");
        }

        if (report.Memory.Count > 0)
        {
            static double Mb(long bytes) => bytes / 1048576.0;
            var growth = report.SecondHalfGrowth;
            var verdict = double.IsNaN(growth) ? "too short to tell" : Math.Abs(growth) < 0.10 ? "flat" : "growing";
            Console.WriteLine($"  plugin RSS: start {Mb(report.Memory[0].Bytes):N0} MB, end {Mb(report.Memory[^1].Bytes):N0} MB, peak {Mb(report.Memory.Max(m => m.Bytes)):N0} MB; trend over the second half {growth:+0.0%;-0.0%} ({verdict})");
        }
    }
}
