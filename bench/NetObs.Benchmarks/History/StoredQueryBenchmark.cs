using System.Diagnostics;
using Cilium.Flow;
using NetObs.History.Aggregation;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.Flows;
using NetObs.Query.Model;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Query.Scanning;
using ServiceMapAggregator = NetObs.Query.QueryTypes.ServiceMap.ServiceMapAggregator;
using ServiceMapQuery = NetObs.History.Aggregation.ServiceMapQuery;
using TimeSeriesAggregator = NetObs.Query.QueryTypes.TimeSeries.TimeSeriesAggregator;
using TimeSeriesQuery = NetObs.History.Aggregation.TimeSeriesQuery;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Time series, top-N and service map computed inside DuckDB over every stored flow, against the same answers from
/// the plugin's in-memory aggregators fed by streaming the stored flows (the store's flow read that GetFlows streams
/// from, without gRPC, so the in-memory side is measured at its fastest), and the newest 1,000 flows of a selective
/// filter. The stream runs once over every stored flow and feeds all three aggregators; each one's streaming time is
/// the shared read plus its own Add calls. A stream that would take longer than the cap stops there and is
/// extrapolated linearly to the whole store, and says so.
/// </summary>
internal static class StoredQueryBenchmark
{
    private static readonly string[] GroupBy = ["verdict", "source_namespace"];
    private static readonly string[] TopBy = ["destination_namespace", "destination_pod"];
    private static readonly double[] Quantiles = [0.5, 0.95, 0.99];

    /// <summary>DuckDB's first and second run of a query, and the stream of the same flows into the in-memory aggregator.</summary>
    public sealed record Timing(string Name, TimeSpan First, TimeSpan Second, TimeSpan Streaming, long StreamedFlows, long StoredFlows)
    {
        /// <summary>The slower DuckDB run against the stream: the conservative ratio.</summary>
        public double Ratio => Streaming / (First > Second ? First : Second);

        public bool Extrapolated => StreamedFlows < StoredFlows;
    }

    public static async Task<IReadOnlyList<Timing>> RunAsync(DuckDbBulkStore.Result bulk, TimeSpan streamCap)
    {
        // Opening applies pending migrations and rolls rows the bulk copy appended outside the store into the
        // service-map rollup, as a server upgraded over an existing file would before serving.
        var opening = Stopwatch.StartNew();
        await using var store = await DuckDbFlowStore.OpenAsync(bulk.Path, CancellationToken.None);
        Console.WriteLine($"  store opened in {opening.Elapsed.TotalSeconds:N1} s (pending migrations, then the service-map rollup of rows not yet in it)");
        var all = new FlowReadRequest { SinceNs = bulk.OldestNs, UntilNs = bulk.NewestNs };
        var since = DateTimeOffset.UnixEpoch.AddTicks(bulk.OldestNs / 100);
        var until = DateTimeOffset.UnixEpoch.AddTicks(bulk.NewestNs / 100);
        var buckets = new TimeBuckets(since, until, TimeSpan.Zero, 200);

        var timeSeries = await TwiceAsync(() => store.TimeSeriesAsync(
            new TimeSeriesQuery(all, GroupBy, buckets.FirstStartNs, buckets.IntervalNs, buckets.Count, AggregationMetric.Count, Quantiles, 10_000), CancellationToken.None));
        var top = await TwiceAsync(() => store.TopGroupsAsync(
            new TopGroupsQuery(all, TopBy, K: 10, WithLatency: false, Quantiles, MaxGroups: 100_000), CancellationToken.None));
        var mapQuery = new ServiceMapQuery(all, ServiceMapNodeKind.Workload, 10_000, Quantiles);
        var map = await TwiceAsync(() => store.ServiceMapAsync(mapQuery, CancellationToken.None));
        var mapFromFlows = await TwiceAsync(() => store.ServiceMapFromFlowsTableAsync(mapQuery, CancellationToken.None));

        IFlowSink[] sinks =
        [
            new TimeSeriesAggregator([.. GroupBy.Select(Dimension)], buckets, latency: false, maxSeries: 10_000),
            new GroupCounter([.. TopBy.Select(Dimension)], latency: false, maxGroups: 100_000, all.SinceNs, all.UntilNs),
            new ServiceMapAggregator(NodeKind.Workload, all.SinceNs, all.UntilNs, maxEdges: 10_000),
        ];
        var (read, adds, streamed) = await StreamAsync(store, all, sinks, streamCap);
        string[] names =
        [
            "time series by verdict, source_namespace (200 buckets)", "top 10 destination_namespace, destination_pod", "service map by workload (rollup)",
            "service map by workload, flows table (filters the rollup cannot decide)",
        ];
        (TimeSpan First, TimeSpan Second)[] inStore = [timeSeries, top, map, mapFromFlows];
        int[] sink = [0, 1, 2, 2];
        var scale = bulk.Flows / (double)Math.Max(streamed, 1);
        return [.. names.Select((name, i) => new Timing(name, inStore[i].First, inStore[i].Second, (read + adds[sink[i]]) * scale, streamed, bulk.Flows))];
    }

    /// <summary>
    /// Streams stored flows oldest first into every sink until the end or the cap: the time spent reading (DuckDB
    /// scan, Brotli blocks, parsing each Flow) and each sink's own Add time.
    /// </summary>
    private static async Task<(TimeSpan Read, TimeSpan[] Adds, long Flows)> StreamAsync(DuckDbFlowStore store, FlowReadRequest request, IFlowSink[] sinks, TimeSpan cap)
    {
        var adds = new long[sinks.Length];
        long flows = 0;
        var watch = Stopwatch.StartNew();
        await foreach (var flow in store.ReadAsync(request, CancellationToken.None))
        {
            for (var i = 0; i < sinks.Length; i++)
            {
                var before = Stopwatch.GetTimestamp();
                sinks[i].Add(flow.Flow, flow.TimeNs, flow.Node);
                adds[i] += Stopwatch.GetTimestamp() - before;
            }

            // Check the cap every 65,536 flows, so the clock costs nothing per flow.
            if ((++flows & 0xFFFF) == 0 && watch.Elapsed > cap)
            {
                break;
            }
        }

        var total = watch.Elapsed;
        var addTimes = adds.Select(a => Stopwatch.GetElapsedTime(0, a)).ToArray();
        return (total - addTimes.Aggregate(TimeSpan.Zero, (a, b) => a + b), addTimes, flows);
    }

    /// <summary>Time to the newest <paramref name="count"/> flows of <paramref name="filter"/>, and how many were returned.</summary>
    public static async Task<(TimeSpan Elapsed, int Returned)> NewestAsync(string path, FlowFilter filter, int count)
    {
        await using var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None);
        var request = new FlowReadRequest { Allow = [filter], Limit = count, Order = FlowReadOrder.NewestFirst };
        var best = TimeSpan.MaxValue;
        var returned = 0;

        // Best of three: the first run also warms DuckDB's buffer pool, as a server that has been running would be.
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            returned = 0;
            await foreach (var _ in store.ReadAsync(request, CancellationToken.None))
            {
                returned++;
            }

            best = watch.Elapsed < best ? watch.Elapsed : best;
        }

        return (best, returned);
    }

    private static async Task<(TimeSpan First, TimeSpan Second)> TwiceAsync<T>(Func<Task<T>> query)
    {
        var watch = Stopwatch.StartNew();
        await query();
        var first = watch.Elapsed;
        watch.Restart();
        await query();
        return (first, watch.Elapsed);
    }

    private static FlowDimension Dimension(string name) =>
        FlowDimensions.TryGet(name, out var dimension) ? dimension : throw new ArgumentException($"no dimension {name}");
}
