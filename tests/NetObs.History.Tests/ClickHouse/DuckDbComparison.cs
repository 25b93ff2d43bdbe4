using System.Text.Json;
using NetObs.History.Aggregation;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// The ClickHouse store against the DuckDB store over the same flows: the same filtered reads and the same
/// aggregation results (both run the shared SQL, each in its own engine and dialect).
/// </summary>
internal static class DuckDbComparison
{
    private static readonly JsonSerializerOptions Json = new() { WriteIndented = false };

    public static async Task Stores_agree_on_reads_and_aggregations(IFlowStore clickHouse, IReadOnlyList<StoredFlow> flows, int filterCount, int seed)
    {
        var folder = Directory.CreateTempSubdirectory("netobs-duckdb-compare-").FullName;
        try
        {
            await using var duckDb = await DuckDbFlowStore.OpenAsync(Path.Combine(folder, "flows.duckdb"), CancellationToken.None);
            await StoreChecks.AppendAsync(duckDb, flows);
            var filters = new RandomFlowFilters(flows, seed);
            var first = flows.Min(f => f.TimeNs);
            for (var i = 0; i < filterCount; i++)
            {
                var (allow, deny) = i == 0 ? ([], []) : filters.Next();
                var request = new FlowReadRequest { Allow = allow, Deny = deny };
                var context = $"filter {i} (allow {string.Join(" | ", allow)}; deny {string.Join(" | ", deny)})";

                // DuckDB breaks time ties in storage order, ClickHouse by cluster, node and bytes: compare in one order.
                ScenarioFlows.AssertSameFlows(
                    ScenarioFlows.InStoreOrder(await StoreChecks.ReadAllAsync(duckDb, request)),
                    await StoreChecks.ReadAllAsync(clickHouse, request),
                    context);

                // Time series of both stores against the aggregation in memory (the bucket rule of the plugin's TimeBuckets).
                var series = new TimeSeriesQuery(request, ["verdict", "source_namespace"], first, 2_000_000_000, 10, AggregationMetric.Count, [], 1000);
                AssertSeriesCountsMatchMemory(flows, request, series, await clickHouse.TimeSeriesAsync(series, CancellationToken.None), "time series " + context);
                AssertSeriesCountsMatchMemory(flows, request, series, await duckDb.TimeSeriesAsync(series, CancellationToken.None), "DUCKDB time series " + context);
                var top = new TopGroupsQuery(request, ["destination_pod", "protocol"], 10, true, [0.5, 0.9], 10_000);
                AssertSame(await duckDb.TopGroupsAsync(top, CancellationToken.None), await clickHouse.TopGroupsAsync(top, CancellationToken.None), "top groups " + context);
                // List columns (Array(String) in ClickHouse, VARCHAR[] in DuckDB) grouped as whole lists.
                var lists = new TopGroupsQuery(request, ["destination_names", "denied_by_policy"], 1000, false, [], 10_000);
                AssertSame(await duckDb.TopGroupsAsync(lists, CancellationToken.None), await clickHouse.TopGroupsAsync(lists, CancellationToken.None), "list groups " + context);
                var map = new ServiceMapQuery(request, ServiceMapNodeKind.Workload, 1000, [0.5]);
                AssertSame(Sorted(await duckDb.ServiceMapAsync(map, CancellationToken.None)), Sorted(await clickHouse.ServiceMapAsync(map, CancellationToken.None)), "service map " + context);
            }

            var coverage = new CoverageQuery(0, long.MaxValue, []);
            AssertSame(await duckDb.CoverageAsync(coverage, CancellationToken.None), await clickHouse.CoverageAsync(coverage, CancellationToken.None), "coverage");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    // Nodes and edges come in order of their first flow; flows at the same nanosecond may come in either order.
    private static ServiceMapResult Sorted(ServiceMapResult map) => map with
    {
        Nodes = [.. map.Nodes.OrderBy(n => n.Id, StringComparer.Ordinal)],
        Edges = [.. map.Edges.OrderBy(e => e.SourceId, StringComparer.Ordinal).ThenBy(e => e.TargetId, StringComparer.Ordinal)],
    };

    private static void AssertSeriesCountsMatchMemory(IReadOnlyList<StoredFlow> flows, FlowReadRequest request, TimeSeriesQuery query, TimeSeriesResult actual, string context)
    {
        var evaluator = NetObs.Hubble.Evaluation.FlowFilterEvaluator.Compile(request.Allow, request.Deny);
        var expected = flows.Where(f => evaluator.Matches(f.Flow))
            .GroupBy(f => $"{VerdictName(f.Flow.Verdict)}|{f.Flow.Source?.Namespace ?? string.Empty}")
            .ToDictionary(
                g => g.Key,
                g => Enumerable.Range(0, query.BucketCount).Select(b => (long)g.Count(f => Math.Min((f.TimeNs - query.FirstStartNs) / query.IntervalNs, query.BucketCount - 1) == b)).ToArray());
        var got = actual.Series.ToDictionary(s => string.Join('|', s.GroupValues), s => s.Counts.ToArray());
        Assert.True(expected.Count == got.Count, $"{context}: {expected.Count} groups in memory, {got.Count} from ClickHouse");
        foreach (var (group, counts) in expected)
        {
            Assert.True(got.TryGetValue(group, out var stored) && counts.SequenceEqual(stored), $"{context}: group {group} counts [{string.Join(',', counts)}] in memory, [{string.Join(',', stored ?? [])}] from ClickHouse");
        }
    }

    private static string VerdictName(Cilium.Flow.Verdict verdict) =>
        Cilium.Flow.FlowReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("Verdict").FindValueByNumber((int)verdict).Name;

    private static void AssertSame<T>(T expected, T actual, string context)
    {
        var e = JsonSerializer.Serialize(expected, Json);
        var a = JsonSerializer.Serialize(actual, Json);
        var at = e.Zip(a).TakeWhile(p => p.First == p.Second).Count();
        Assert.True(e == a, $"{context}: DuckDB and ClickHouse differ at character {at}\nDuckDB:     {Around(e, at)}\nClickHouse: {Around(a, at)}");
    }

    private static string Around(string text, int at) => text[Math.Max(0, at - 300)..Math.Min(text.Length, at + 300)];
}
