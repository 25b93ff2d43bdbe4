using System.Globalization;
using Cilium.Flow;
using NetObs.History.Aggregation;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Model;
using ServiceMapAggregator = NetObs.Query.QueryTypes.ServiceMap.ServiceMapAggregator;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// A file written before schema version 4 (no list summary columns) opens under version 4 with the summaries filled in
/// from the lists, and its service maps and workload groups answer as the in-memory aggregators over the same flows.
/// </summary>
public sealed class DuckDbListSummaryMigrationTests
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly double[] Quantiles = [0.5, 0.99];

    [Fact]
    public async Task A_version_3_file_is_migrated_and_answers_service_maps_as_the_in_memory_aggregator()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All.Concat(EdgeCases(ScenarioFlows.All[^1].TimeNs + 1)).ToList();
        await temp.Store.AppendAsync(flows, None);
        var written = await SummariesAsync(temp.Store);
        Assert.Contains(written, row => !row.StartsWith("0|", StringComparison.Ordinal));

        await RewriteAsVersion3Async(temp.Store);
        await temp.ReopenAsync();

        Assert.Equal(DuckDbMigrations.LatestVersion, temp.Store.SchemaVersion);
        Assert.Equal(written, await SummariesAsync(temp.Store));
        foreach (var kind in Enum.GetValues<ServiceMapNodeKind>())
        {
            var expected = new ServiceMapAggregator((NodeKind)(int)kind, 0, long.MaxValue, maxEdges: 100_000);
            foreach (var flow in flows)
            {
                expected.Add(flow.Flow, flow.TimeNs, flow.Node);
            }

            var actual = await temp.Store.ServiceMapAsync(new ServiceMapQuery(new FlowReadRequest(), kind, 100_000, Quantiles), None);
            Assert.Equal(
                expected.Nodes.Select(n => $"{n.Key.Id}|{n.Key.Title}|{n.Key.Subtitle}|{n.Key.Kind}|{n.Value.Flows}|{n.Value.Dropped}").Order(StringComparer.Ordinal),
                actual.Nodes.Select(n => $"{n.Id}|{n.Title}|{n.Subtitle}|{n.Kind}|{n.Flows}|{n.Dropped}").Order(StringComparer.Ordinal));
            Assert.Equal(
                expected.Edges.Select(e => $"{e.Key.Source.Id}>{e.Key.Target.Id}|{e.Value.Flows}").Order(StringComparer.Ordinal),
                actual.Edges.Select(e => $"{e.SourceId}>{e.TargetId}|{e.Flows}").Order(StringComparer.Ordinal));
        }

        var top = await temp.Store.TopGroupsAsync(new TopGroupsQuery(new FlowReadRequest(), ["source_workload"], 1000, false, [], 100_000), None);
        var expectedTop = flows.GroupBy(f => FlowText.Namespaced(f.Flow.Source?.Namespace ?? string.Empty, FlowColumnValues.FirstWorkload(f.Flow.Source)?.Name ?? string.Empty), StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => (long)g.Count(), StringComparer.Ordinal);
        Assert.Equal(expectedTop.OrderBy(p => p.Key, StringComparer.Ordinal), top.Groups.ToDictionary(g => g.GroupValues[0], g => g.Count, StringComparer.Ordinal).OrderBy(p => p.Key, StringComparer.Ordinal));
    }

    /// <summary>Sides whose names hang on the difference between no workload (or DNS name) and an empty one, and on which one is first.</summary>
    private static IEnumerable<StoredFlow> EdgeCases(long timeNs)
    {
        Endpoint Endpoint(string ns, string pod, params (string Name, string Kind)[] workloads)
        {
            var endpoint = new Endpoint { Namespace = ns, PodName = pod, Identity = 70_000 };
            endpoint.Workloads.AddRange(workloads.Select(w => new Workload { Name = w.Name, Kind = w.Kind }));
            return endpoint;
        }

        Flow Flow(Endpoint source, Endpoint destination, string[] sourceNames, string[] destinationNames)
        {
            var flow = new Flow { Source = source, Destination = destination, Verdict = Verdict.Forwarded, IP = new IP { Source = "10.9.0.1", Destination = "203.0.113.9" } };
            flow.SourceNames.AddRange(sourceNames);
            flow.DestinationNames.AddRange(destinationNames);
            return flow;
        }

        Flow[] flows =
        [
            Flow(Endpoint("edge", "no-workload-0"), new Endpoint { Identity = 2 }, [], [""]),
            Flow(Endpoint("edge", "empty-workload-0", (string.Empty, "Deployment")), new Endpoint { Identity = 2 }, [], ["first.example.", "second.example."]),
            Flow(Endpoint("edge", "two-workloads-0", ("api", "Deployment"), ("api-rs", "ReplicaSet")), new Endpoint(), [""], []),
            Flow(Endpoint("edge", "two-workloads-1", ("api", "StatefulSet")), new Endpoint { Identity = 0 }, [], [""]),
        ];
        return flows.Select((flow, i) => new StoredFlow(ScenarioFlows.Cluster, "edge-node", timeNs + i, flow, Google.Protobuf.MessageExtensions.ToByteArray(flow)));
    }

    /// <summary>Every row's list summaries, in row order, as text.</summary>
    private static async Task<List<string>> SummariesAsync(DuckDbFlowStore store)
    {
        var rows = new List<string>();
        var columns = string.Join(", ", FlowColumns.ListSummaries.Select(c => c.Name));
        // A row's block and place in it name it for good; its rowid does not, since the rewrite's UPDATE of list
        // columns moves the rows it changes.
        await foreach (var row in store.QueryRowsAsync($"SELECT {columns} FROM flows ORDER BY block_id, block_row", None))
        {
            rows.Add(string.Join("|", row.Select(v => Convert.ToString(v, CultureInfo.InvariantCulture))));
        }

        return rows;
    }

    /// <summary>Drops the list summary columns and forgets version 4, as a file written by version 3 is.</summary>
    private static async Task RewriteAsVersion3Async(DuckDbFlowStore store)
    {
        var statements = DuckDbEarlierVersions.WithoutLabelSets
            .Concat(FlowColumns.ListSummaries.Select(c => $"ALTER TABLE flows DROP COLUMN {c.Name}"))
            .Concat(["DROP TABLE service_map_minutes", "DROP TABLE service_map_rollup_state", "DELETE FROM schema_version WHERE version >= 4"]);
        foreach (var sql in statements)
        {
            await foreach (var _ in store.QueryRowsAsync(sql, None))
            {
            }
        }

        await foreach (var row in store.QueryRowsAsync("SELECT count(*) FROM information_schema.columns WHERE table_name = 'flows' AND column_name LIKE '%first%'", None))
        {
            Assert.Equal(0L, Convert.ToInt64(row[0], CultureInfo.InvariantCulture));
        }
    }
}
