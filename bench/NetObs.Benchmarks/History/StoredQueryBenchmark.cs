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
/// the plugin's in-memory aggregators fed by the store's flow read (the path GetFlows streams from, without gRPC, so
/// the in-memory side is measured at its fastest), and the newest 1,000 flows of a selective filter.
/// </summary>
internal static class StoredQueryBenchmark
{
    private static readonly string[] GroupBy = ["verdict", "source_namespace"];
    private static readonly string[] TopBy = ["destination_namespace", "destination_pod"];
    private static readonly double[] Quantiles = [0.5, 0.95, 0.99];

    public sealed record Timing(string Name, TimeSpan InStore, double InMemoryFlowsPerSecond, TimeSpan InMemoryExtrapolated)
    {
        public double Ratio => InMemoryExtrapolated / InStore;
    }

    public static async Task<IReadOnlyList<Timing>> RunAsync(DuckDbBulkStore.Result bulk, long inMemoryFlows)
    {
        await using var store = await DuckDbFlowStore.OpenAsync(bulk.Path, CancellationToken.None);
        var all = new FlowReadRequest { SinceNs = bulk.OldestNs, UntilNs = bulk.NewestNs };
        var since = DateTimeOffset.UnixEpoch.AddTicks(bulk.OldestNs / 100);
        var until = DateTimeOffset.UnixEpoch.AddTicks(bulk.NewestNs / 100);
        var buckets = new TimeBuckets(since, until, TimeSpan.Zero, 200);

        // The in-memory side reads the oldest flows up to about inMemoryFlows, then scales linearly to the whole store.
        var subsetUntil = bulk.OldestNs + (long)((bulk.NewestNs - bulk.OldestNs) * Math.Min(1.0, inMemoryFlows / (double)bulk.Flows));
        var subset = new FlowReadRequest { SinceNs = bulk.OldestNs, UntilNs = subsetUntil };
        var subsetBuckets = new TimeBuckets(since, DateTimeOffset.UnixEpoch.AddTicks(subsetUntil / 100), TimeSpan.Zero, 200);

        var timings = new List<Timing>();
        var timeSeries = await TimeAsync(() => store.TimeSeriesAsync(
            new TimeSeriesQuery(all, GroupBy, buckets.FirstStartNs, buckets.IntervalNs, buckets.Count, AggregationMetric.Count, Quantiles, 10_000), CancellationToken.None));
        timings.Add(await CompareAsync("time series by verdict, source_namespace (200 buckets)", timeSeries, store, subset, bulk.Flows,
            () => new TimeSeriesAggregator([.. GroupBy.Select(Dimension)], subsetBuckets, latency: false, maxSeries: 10_000)));

        var top = await TimeAsync(() => store.TopGroupsAsync(
            new TopGroupsQuery(all, TopBy, K: 10, WithLatency: false, Quantiles, MaxGroups: 100_000), CancellationToken.None));
        timings.Add(await CompareAsync("top 10 destination_namespace, destination_pod", top, store, subset, bulk.Flows,
            () => new GroupCounter([.. TopBy.Select(Dimension)], latency: false, maxGroups: 100_000, subset.SinceNs, subset.UntilNs)));

        var map = await TimeAsync(() => store.ServiceMapAsync(new ServiceMapQuery(all, ServiceMapNodeKind.Workload, 10_000, Quantiles), CancellationToken.None));
        timings.Add(await CompareAsync("service map by workload", map, store, subset, bulk.Flows,
            () => new ServiceMapAggregator(NodeKind.Workload, subset.SinceNs, subset.UntilNs, maxEdges: 10_000)));
        return timings;
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

    private static async Task<TimeSpan> TimeAsync<T>(Func<Task<T>> query)
    {
        var watch = Stopwatch.StartNew();
        await query();
        return watch.Elapsed;
    }

    private static async Task<Timing> CompareAsync(string name, TimeSpan inStore, DuckDbFlowStore store, FlowReadRequest subset, long totalFlows, Func<IFlowSink> sink)
    {
        var aggregator = sink();
        var watch = Stopwatch.StartNew();
        long flows = 0;
        await foreach (var flow in store.ReadAsync(subset, CancellationToken.None))
        {
            aggregator.Add(flow.Flow, flow.TimeNs, flow.Node);
            flows++;
        }

        var rate = flows / watch.Elapsed.TotalSeconds;
        return new Timing(name, inStore, rate, TimeSpan.FromSeconds(totalFlows / rate));
    }

    private static FlowDimension Dimension(string name) =>
        FlowDimensions.TryGet(name, out var dimension) ? dimension : throw new ArgumentException($"no dimension {name}");
}
