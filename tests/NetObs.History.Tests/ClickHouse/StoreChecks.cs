using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>Store behaviour checked identically on ClickHouse 18.16 (two shards) and on chDB 26.7.</summary>
internal static class StoreChecks
{
    public static async Task Flows_table_has_exactly_the_shared_columns(IClickHouseConnection connection, string database)
    {
        var reply = await connection.QueryAsync(
            $"SELECT name, type FROM system.columns WHERE database = '{database}' AND table = 'flows_local' FORMAT TabSeparated", CancellationToken.None);
        var actual = ClickHouseFlowStore.ParseRows(reply).Select(r => $"{r[0]} {r[1]}").ToList();
        var expected = FlowColumns.All.Select(c => $"{c.Name} {ClickHouseDialect.Instance.TypeName(c.Type)}").ToList();
        Assert.Equal(expected, actual);
    }

    /// <summary>
    /// The differential check: for many random allow/deny lists (and some time ranges, limits and orders), the store
    /// returns exactly the flows NetObs.Hubble's FlowFilterEvaluator passes, in the store's documented order.
    /// </summary>
    public static async Task Reads_equal_the_in_memory_evaluator(IFlowStore store, IReadOnlyList<StoredFlow> flows, int filterCount, int seed)
    {
        var random = new Random(seed);
        var filters = new RandomFlowFilters(flows, seed);
        var ordered = ScenarioFlows.InStoreOrder(flows);
        var minTime = ordered[0].TimeNs;
        var maxTime = ordered[^1].TimeNs;
        var nonEmpty = 0;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        for (var i = 0; i < filterCount; i++)
        {
            var (allow, deny) = filters.Next();
            var request = new FlowReadRequest { Allow = allow, Deny = deny };
            if (random.Next(4) == 0)
            {
                var a = minTime + (long)(random.NextDouble() * (maxTime - minTime));
                var b = minTime + (long)(random.NextDouble() * (maxTime - minTime));
                request = request with { SinceNs = Math.Min(a, b), UntilNs = Math.Max(a, b) };
            }

            if (random.Next(4) == 0)
            {
                request = request with { Limit = random.Next(1, 200), Order = random.Next(2) == 0 ? FlowReadOrder.OldestFirst : FlowReadOrder.NewestFirst };
            }

            var evaluator = FlowFilterEvaluator.Compile(allow, deny);
            IEnumerable<StoredFlow> expected = ordered.Where(f => f.TimeNs >= request.SinceNs && f.TimeNs <= request.UntilNs && evaluator.Matches(f.Flow));
            if (request.Order == FlowReadOrder.NewestFirst)
            {
                expected = expected.Reverse();
            }

            if (request.Limit > 0)
            {
                expected = expected.Take(request.Limit);
            }

            var expectedList = expected.ToList();
            nonEmpty += expectedList.Count > 0 ? 1 : 0;
            var actual = await ReadAllAsync(store, request);
            ScenarioFlows.AssertSameFlows(expectedList, actual, $"filter {i} (allow {string.Join(" | ", allow)}; deny {string.Join(" | ", deny)}; limit {request.Limit} {request.Order})");
        }

        // The filters are drawn from the flows' own values, so most select something; a generator gone wrong would not.
        Assert.True(nonEmpty > filterCount / 2, $"only {nonEmpty} of {filterCount} random filters selected any flow");
        Console.WriteLine($"differential: {filterCount} filters over {flows.Count} flows in {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public static async Task Summary_position_and_gaps_describe_what_was_written(IFlowStore store, IReadOnlyList<StoredFlow> flows)
    {
        var summary = await store.SummarizeAsync(CancellationToken.None);
        Assert.Equal(flows.Count, summary.FlowCount);
        Assert.Equal(flows.Min(f => f.TimeNs), summary.OldestNs);
        Assert.Equal(flows.Max(f => f.TimeNs), summary.NewestNs);
        Assert.Equal(
            flows.GroupBy(f => (f.Cluster, f.Node)).OrderBy(g => g.Key.Cluster, StringComparer.Ordinal).ThenBy(g => g.Key.Node, StringComparer.Ordinal)
                .Select(g => new NodeSummary(g.Key.Cluster, g.Key.Node, g.Count(), g.Min(f => f.TimeNs), g.Max(f => f.TimeNs))),
            summary.Nodes);
        Assert.Equal(
            flows.SelectMany(f => new[] { (f.Cluster, f.Flow.Source?.Namespace ?? string.Empty), (f.Cluster, f.Flow.Destination?.Namespace ?? string.Empty) })
                .Where(p => p.Item2.Length > 0).Distinct().Order().Select(p => new NamespaceSummary(p.Cluster, p.Item2)),
            summary.Namespaces.OrderBy(n => (n.Cluster, n.Namespace)));

        var cluster = flows[0].Cluster;
        var position = await store.PositionAsync(cluster, CancellationToken.None);
        var newest = flows.Where(f => f.Cluster == cluster).Max(f => f.TimeNs);
        Assert.Equal(newest, position.NewestNs);
        Assert.Equal(flows.Count(f => f.Cluster == cluster && f.TimeNs == newest), position.FlowsAtNewest.Count);
        Assert.All(flows.Where(f => f.Cluster == cluster), f => Assert.True(position.AlreadyStored(f.TimeNs, f.Original.Span)));
        Assert.False(position.AlreadyStored(newest, [1, 2, 3]));
        Assert.Equal(StoredPosition.Empty("nowhere").NewestNs, (await store.PositionAsync("nowhere", CancellationToken.None)).NewestNs);

        var lost = new FlowGap(cluster, "node-1", newest - 1_000, newest, 42, FlowGapReason.LostEvents, "ring buffer it's \"full\"\t\n");
        var dropped = new FlowGap(cluster, string.Empty, newest + 10, newest + 20, 0, FlowGapReason.RelayUnavailable, "relay down");
        await store.RecordGapAsync(dropped, CancellationToken.None);
        await store.RecordGapAsync(lost, CancellationToken.None);
        Assert.Equal([lost, dropped], await store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None));
        Assert.Equal([dropped], await store.ReadGapsAsync(newest + 1, long.MaxValue, [cluster], CancellationToken.None));
        Assert.Empty(await store.ReadGapsAsync(0, long.MaxValue, ["other"], CancellationToken.None));

        var coverage = await store.CoverageAsync(new NetObs.History.Aggregation.CoverageQuery(0, long.MaxValue, []), CancellationToken.None);
        Assert.Equal(summary.Nodes.Select(n => (n.Cluster, n.Node, n.OldestNs, n.NewestNs, n.FlowCount)), coverage.Ranges.Select(r => (r.Cluster, r.Node, r.OldestNs, r.NewestNs, r.FlowCount)));
        Assert.Equal(42, Assert.Single(coverage.LostEvents).Count);
    }

    public static async Task<List<StoredFlow>> ReadAllAsync(IFlowStore store, FlowReadRequest request)
    {
        var flows = new List<StoredFlow>();
        await foreach (var flow in store.ReadAsync(request, CancellationToken.None))
        {
            flows.Add(flow);
        }

        return flows;
    }

    /// <summary>Appends in batches, as the follower does.</summary>
    public static async Task AppendAsync(IFlowStore store, IReadOnlyList<StoredFlow> flows, int batch = 5_000)
    {
        for (var i = 0; i < flows.Count; i += batch)
        {
            await store.AppendAsync([.. flows.Skip(i).Take(batch)], CancellationToken.None);
        }
    }
}
