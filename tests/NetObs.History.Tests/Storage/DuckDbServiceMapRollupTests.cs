using System.Globalization;
using Cilium.Flow;
using NetObs.History.Aggregation;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.History.Tests.Aggregation;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Model;
using ServiceMapAggregator = NetObs.Query.QueryTypes.ServiceMap.ServiceMapAggregator;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The service-map rollup of the DuckDB store (schema version 5): maps read from it, from the flows it has not rolled
/// yet and from the partial minutes at a range's ends equal the in-memory aggregator over the same flows, whatever the
/// range, filters and node kind; filters it cannot answer go to the flows table; retention and upgrades keep it whole.
/// </summary>
public sealed class DuckDbServiceMapRollupTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private static readonly double[] Quantiles = [0.5, 0.9, 0.99];

    /// <summary>Filter fields the rollup can decide (see RandomFilters.AddField): verdict, drop reason, pods, IPs, identities, direction, protocol, reply, node, IP version, event type, clusters, namespaces.</summary>
    private static readonly int[] RollupFields = [0, 1, 2, 3, 4, 5, 7, 8, 9, 10, 13, 19, 22, 24, 25, 30, 31];

    /// <summary>Eight minutes of every scenario, from a start that is not on a minute, so ranges have partial minutes at both ends.</summary>
    private static readonly Lazy<IReadOnlyList<StoredFlow>> LongFlows = new(() => ScenarioFlows.Generate(TimeSpan.FromMinutes(8), seed: 23, rate: 6));

    private TempDuckDbStore _temp = null!;

    private static IReadOnlyList<StoredFlow> Flows => LongFlows.Value;

    public async Task InitializeAsync()
    {
        _temp = await TempDuckDbStore.CreateAsync();

        // Five batches with a run after the second and the fourth: minutes split across runs, and the last batch stays
        // in the flows table only.
        _temp.Store.RollupEveryRows = (Flows.Count / 3) + 1;
        var batch = (Flows.Count / 5) + 1;
        for (var start = 0; start < Flows.Count; start += batch)
        {
            await _temp.Store.AppendAsync(Flows.Skip(start).Take(batch).ToList(), None);
        }
    }

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task The_store_holds_rolled_and_unrolled_rows_that_add_up_to_every_flow()
    {
        Assert.True(Flows[0].TimeNs % DuckDbServiceMapRollup.MinuteNs != 0, "the flows start inside a minute");
        Assert.True(Flows[^1].TimeNs - Flows[0].TimeNs > 7 * DuckDbServiceMapRollup.MinuteNs, "the flows span several minutes");
        var (rolledRows, rolledFlows, unrolled) = await RollupStateAsync();
        Assert.True(rolledRows > 0 && rolledRows < rolledFlows, $"the rollup holds fewer rows ({rolledRows}) than the flows it counts ({rolledFlows})");
        Assert.True(unrolled > 0, "the last batch is not rolled yet");
        Assert.Equal(Flows.Count, rolledFlows + unrolled);
    }

    [Fact]
    public async Task Maps_over_rolled_unrolled_and_partial_minutes_equal_the_in_memory_aggregator()
    {
        var random = new Random(31);
        var rollupFilters = new RandomFilters(Flows, seed: 311, RollupFields);
        var anyFilters = new RandomFilters(Flows, seed: 312);
        var before = _temp.Store.ServiceMapsFromRollup;
        var cases = 0;
        foreach (var kind in Enum.GetValues<ServiceMapNodeKind>())
        {
            for (var i = 0; i < 15; i++)
            {
                var (allow, deny) = (i % 5) switch
                {
                    0 => ([], []),
                    4 => anyFilters.NextLists(),
                    _ => rollupFilters.NextLists(),
                };
                var (since, until) = RandomRange(random, i);
                await AssertMapEqualAsync(kind, since, until, allow, deny, $"{kind} case {i} ({since}..{until})");
                cases++;
            }
        }

        var fromRollup = _temp.Store.ServiceMapsFromRollup - before;
        Assert.True(fromRollup >= cases / 2, $"the rollup answered {fromRollup} of {cases} maps");
        Assert.True(fromRollup < cases, "some maps needed the flows table");
    }

    [Fact]
    public async Task A_filter_the_rollup_cannot_decide_is_answered_from_the_flows_table()
    {
        var label = Flows.First(f => f.Flow.Source?.Labels.Count > 0).Flow.Source.Labels[0];
        var port = Flows.First(f => f.Flow.L4?.TCP is not null).Flow.L4.TCP.DestinationPort.ToString(CultureInfo.InvariantCulture);
        foreach (var filter in new[] { new FlowFilter { SourceLabel = { label } }, new FlowFilter { DestinationPort = { port } } })
        {
            var before = _temp.Store.ServiceMapsFromRollup;
            await AssertMapEqualAsync(ServiceMapNodeKind.Workload, 0, long.MaxValue, [filter], [], filter.ToString());
            Assert.Equal(before, _temp.Store.ServiceMapsFromRollup);
        }

        var verdict = _temp.Store.ServiceMapsFromRollup;
        await AssertMapEqualAsync(ServiceMapNodeKind.Workload, 0, long.MaxValue, [new FlowFilter { Verdict = { Verdict.Dropped } }], [], "dropped");
        Assert.Equal(verdict + 1, _temp.Store.ServiceMapsFromRollup);
    }

    [Fact]
    public async Task Rolling_everything_and_reopening_keep_the_maps()
    {
        var expected = await MapTextAsync();
        await _temp.Store.RollUpAsync(None);
        var (_, rolledFlows, unrolled) = await RollupStateAsync();
        Assert.Equal((Flows.Count, 0L), (rolledFlows, unrolled));
        Assert.Equal(expected, await MapTextAsync());

        await _temp.ReopenAsync();
        Assert.Equal(expected, await MapTextAsync());
        await AssertMapEqualAsync(ServiceMapNodeKind.Pod, 0, long.MaxValue, [], [], "after reopening");
    }

    [Fact]
    public async Task Retention_drops_the_rollup_rows_of_the_days_it_drops()
    {
        await _temp.Store.RollUpAsync(None);
        var cutoff = Flows[^1].TimeNs + (2 * TimeSpan.TicksPerDay * 100);
        Assert.True(await _temp.Store.DropDaysBeforeAsync(cutoff, None) > 0);
        var (rolledRows, rolledFlows, unrolled) = await RollupStateAsync();
        Assert.Equal((0L, 0L, 0L), (rolledRows, rolledFlows, unrolled));
        var map = await _temp.Store.ServiceMapAsync(new ServiceMapQuery(new FlowReadRequest(), ServiceMapNodeKind.Workload, 100_000, Quantiles), None);
        Assert.Empty(map.Edges);
    }

    [Fact]
    public async Task A_version_4_file_gets_an_empty_rollup_and_rolls_its_rows_when_asked()
    {
        var expected = await MapTextAsync();
        await using (var command = await OpenCommandAsync())
        {
            command.CommandText = $"{string.Join("; ", DuckDbEarlierVersions.WithoutLabelSets)}; DROP TABLE service_map_minutes; DROP TABLE service_map_rollup_state; DELETE FROM schema_version WHERE version = 5; CHECKPOINT;";
            await command.ExecuteNonQueryAsync(None);
        }

        await _temp.ReopenAsync();
        Assert.Equal(DuckDbMigrations.LatestVersion, _temp.Store.SchemaVersion);
        var (rolledRows, _, unrolled) = await RollupStateAsync();
        Assert.Equal((0L, (long)Flows.Count), (rolledRows, unrolled));
        Assert.Equal(expected, await MapTextAsync());

        await _temp.Store.RollUpAsync(None);
        (rolledRows, _, unrolled) = await RollupStateAsync();
        Assert.True(rolledRows > 0);
        Assert.Equal(0, unrolled);
        Assert.Equal(expected, await MapTextAsync());
    }

    [Fact]
    public void The_rollup_table_has_the_columns_the_code_writes()
    {
        var ddl = DuckDbMigrations.All.Single(m => m.Name == "0005_service_map_rollup").Sql;
        var table = ddl[ddl.IndexOf("CREATE TABLE service_map_minutes", StringComparison.Ordinal)..];
        table = table[..table.IndexOf(");", StringComparison.Ordinal)];
        var declared = table.Split('\n').Skip(1).Select(l => l.Trim()).Where(l => l.Length > 0).Select(l => l.Split(' ')[0]).ToList();
        Assert.Equal(DuckDbServiceMapRollup.ColumnNames, declared);
        Assert.All(ServiceMapKeys.SideColumnList, c => Assert.Contains(c, DuckDbServiceMapRollup.FlowColumnsKept));
    }

    private async Task AssertMapEqualAsync(ServiceMapNodeKind kind, long sinceNs, long untilNs, List<FlowFilter> allow, List<FlowFilter> deny, string context)
    {
        var expected = new ServiceMapAggregator((NodeKind)(int)kind, sinceNs, untilNs, maxEdges: 100_000);
        var evaluator = FlowFilterEvaluator.Compile(allow, deny);
        foreach (var flow in Flows.Where(f => f.TimeNs >= sinceNs && f.TimeNs <= untilNs && evaluator.Matches(f.Flow)))
        {
            expected.Add(flow.Flow, flow.TimeNs, flow.Node);
        }

        var actual = await _temp.Store.ServiceMapAsync(
            new ServiceMapQuery(new FlowReadRequest { SinceNs = sinceNs, UntilNs = untilNs, Allow = allow, Deny = deny }, kind, 100_000, Quantiles), None);
        ServiceMapComparison.AssertEqual(expected, actual, Quantiles, context);
    }

    private async Task<string> MapTextAsync()
    {
        var map = await _temp.Store.ServiceMapAsync(new ServiceMapQuery(new FlowReadRequest(), ServiceMapNodeKind.Workload, 100_000, Quantiles), None);
        return string.Join("\n", map.Edges.Select(e => $"{e.SourceId}>{e.TargetId}|{e.Flows}|{e.Dropped}|{e.L7Errors}|{string.Join(",", e.Quantiles)}|{string.Join(",", e.Ports)}").Order(StringComparer.Ordinal));
    }

    /// <summary>Rows in the rollup, the flows they count, and the flows rows no run has rolled.</summary>
    private async Task<(long RolledRows, long RolledFlows, long Unrolled)> RollupStateAsync()
    {
        await using var command = await OpenCommandAsync();
        command.CommandText = """
            SELECT (SELECT count(*) FROM service_map_minutes), (SELECT CAST(coalesce(sum(flows), 0) AS BIGINT) FROM service_map_minutes),
                   (SELECT count(*) FROM flows WHERE block_id > (SELECT rolled_block FROM service_map_rollup_state))
            """;
        await using var reader = await command.ExecuteReaderAsync(None);
        Assert.True(await reader.ReadAsync(None));
        return (Convert.ToInt64(reader.GetValue(0), CultureInfo.InvariantCulture), Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
            Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture));
    }

    private async Task<DuckDB.NET.Data.DuckDBCommand> OpenCommandAsync()
    {
        // A second connection to the same database instance: the store holds the file open, so this one shares it.
        var connection = new DuckDB.NET.Data.DuckDBConnection("Data Source=" + _temp.Path);
        await connection.OpenAsync(None);
        var command = connection.CreateCommand();
        command.Disposed += (_, _) => connection.Dispose();
        return command;
    }

    /// <summary>A range of whole and partial minutes over the flows; every fifth from the start or to the end of everything stored.</summary>
    private static (long Since, long Until) RandomRange(Random random, int i)
    {
        var first = Flows[0].TimeNs;
        var since = first + (long)(random.NextDouble() * 7 * DuckDbServiceMapRollup.MinuteNs) - (30L * 1_000_000_000);
        var until = since + (long)((0.3 + (random.NextDouble() * 8)) * DuckDbServiceMapRollup.MinuteNs);
        return (i % 5) switch
        {
            1 => (0, until),
            2 => (since, long.MaxValue),
            3 => (since - (since % DuckDbServiceMapRollup.MinuteNs), until - (until % DuckDbServiceMapRollup.MinuteNs) - 1),
            _ => (since, until),
        };
    }
}
