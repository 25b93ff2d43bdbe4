using System.Diagnostics;
using System.Net;
using System.Text;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using NetObs.Grafana;
using NetObs.Grafana.Queries;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.Hubble.Relay;
using NetObs.Plugin.QueryTypes;
using NetObs.Query.Queries;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Benchmarks.Pushdown;

/// <summary>
/// Issue 15 item 7: the same timeseries, topk and servicemap queries through the plugin's query type router, once
/// against the history server (in process, DuckDB, over loopback gRPC: pushdown) and once scanning the same flows from
/// an in-process relay replay (no network, so the scan is measured at its best), with the ratio.
/// </summary>
internal static class PushdownBenchmark
{
    private const int FlowCount = 500_000;
    private static readonly DateTimeOffset End = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static async Task RunAsync()
    {
        var pool = Generate(FlowCount, out var startNs);
        var folder = Directory.CreateTempSubdirectory("netobs-bench-pushdown-").FullName;
        var path = Path.Combine(folder, "flows.duckdb");
        try
        {
            var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None).ConfigureAwait(false);
            var stored = pool.Select(r => StoredFlow.From("bench", r.Flow)).ToList();
            for (var i = 0; i < stored.Count; i += 50_000)
            {
                await store.AppendAsync(stored.GetRange(i, Math.Min(50_000, stored.Count - i)), CancellationToken.None).ConfigureAwait(false);
            }

            var options = new HistoryOptions
            {
                Relays = [],
                Store = new StoreLocation(StoreKind.DuckDb, $"duckdb:{path}", path),
                Listen = new IPEndPoint(IPAddress.Loopback, 0),
            };
            await using var host = await HistoryHost.StartAsync(options, store, TimeProvider.System, TextWriter.Null).ConfigureAwait(false);
            using var client = new HubbleRelayClient(new RelayConnectionOptions { Address = $"127.0.0.1:{host.Endpoint.Port}", FlowsTimeout = TimeSpan.FromMinutes(10) });
            var engineOptions = QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, CacheLifetime = TimeSpan.Zero };
            var limits = new QueryLimits(DefaultLimit: 1000, MaxLimit: 10_000);
            var pushdown = QueryTypeRoutes.Router(new QueryEngine(client, limits, engineOptions), _ => null, NullLogger.Instance);
            var scan = QueryTypeRoutes.Router(new QueryEngine(new ReplayRelay(pool, 1, honourMask: true), limits, engineOptions), _ => null, NullLogger.Instance);
            var from = DateTimeOffset.UnixEpoch.AddTicks(startNs / 100) - TimeSpan.FromSeconds(1);

            Console.WriteLine($"Pushdown: {FlowCount:N0} stored flows in DuckDB behind netobs-history (loopback gRPC) vs a relay scan of the same flows (in process)");
            foreach (var (name, json) in new[]
            {
                ("timeseries by verdict, source_namespace", "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\",\"source_namespace\"]}"),
                ("timeseries p95 by destination_workload", "{\"queryType\":\"timeseries\",\"groupBy\":[\"destination_workload\"],\"metric\":\"p95\"}"),
                ("topk 10 by destination_pod", "{\"queryType\":\"topk\",\"groupBy\":[\"destination_pod\"],\"k\":10}"),
                ("servicemap by workload", "{\"queryType\":\"servicemap\",\"nodeKind\":\"workload\"}"),
            })
            {
                var request = Request(json, from, End.AddSeconds(1));
                var pushed = await BestOfAsync(pushdown, request).ConfigureAwait(false);
                var scanned = await BestOfAsync(scan, request).ConfigureAwait(false);
                Console.WriteLine($"  {name,-42} pushdown {pushed.TotalMilliseconds,8:N0} ms   scan {scanned.TotalMilliseconds,8:N0} ms   scan/pushdown {scanned / pushed,6:N2}x");
            }
        }
        finally
        {
            try
            {
                Directory.Delete(folder, recursive: true);
            }
            catch (IOException)
            {
                // A leftover temporary folder is harmless.
            }
        }
    }

    private static QueryDataRequest Request(string json, DateTimeOffset from, DateTimeOffset to)
    {
        var query = new DataQuery
        {
            RefId = "A",
            Json = Encoding.UTF8.GetBytes(json),
            TimeRange = new TimeRange(from, to),
            Interval = TimeSpan.FromSeconds(1),
            MaxDataPoints = 1000,
        };
        return new QueryDataRequest(new PluginContext(), new Dictionary<string, string>(), [query]);
    }

    /// <summary>One warm-up, then the best of three: on a shared machine a slower run measures the neighbours.</summary>
    private static async Task<TimeSpan> BestOfAsync(QueryTypeRouter router, QueryDataRequest request)
    {
        var best = TimeSpan.MaxValue;
        for (var round = 0; round < 4; round++)
        {
            var watch = Stopwatch.StartNew();
            var response = (await router.QueryDataAsync(request, CancellationToken.None).ConfigureAwait(false)).Responses["A"];
            watch.Stop();
            if (response.Error is { } error)
            {
                throw new InvalidOperationException($"The benchmark query failed: {error}");
            }

            if (round > 0 && watch.Elapsed < best)
            {
                best = watch.Elapsed;
            }
        }

        return best;
    }

    private static List<GetFlowsResponse> Generate(int count, out long startNs)
    {
        // 2,000 flows/s of all scenarios, ending at End: distinct times, as a relay and a store would hold them.
        var endNs = (End - DateTimeOffset.UnixEpoch).Ticks * 100;
        startNs = endNs - ((long)(count / 2000.0 * 1e9) + 5_000_000_000L);
        var cluster = new ClusterModel(3, "bench");
        var engine = new ScenarioEngine(cluster, ScenarioSet.All, 42, 2000, startNs, 0);
        var pool = new List<GetFlowsResponse>(count);
        engine.GenerateUntil(endNs, scheduled =>
        {
            if (pool.Count >= count)
            {
                return;
            }

            var flow = scheduled.Flow.Clone();
            flow.Time ??= new Timestamp { Seconds = scheduled.TimeUnixNanos / 1_000_000_000, Nanos = (int)(scheduled.TimeUnixNanos % 1_000_000_000) };
            if (flow.NodeName.Length == 0)
            {
                flow.NodeName = cluster.Nodes[scheduled.NodeIndex].Name;
            }

            pool.Add(new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time });
        });
        return pool;
    }
}
