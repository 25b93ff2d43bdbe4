using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

public sealed class DuckDbFlowStoreTests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task Reads_return_byte_for_byte_the_flows_that_were_appended()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);

        var read = await ReadAllAsync(temp.Store, new FlowReadRequest());

        Assert.Equal(flows.Count, read.Count);
        for (var i = 0; i < flows.Count; i++)
        {
            Assert.True(flows[i].Original.Span.SequenceEqual(read[i].Original.Span), $"flow {i} differs");
            Assert.Equal(flows[i].TimeNs, read[i].TimeNs);
            Assert.Equal(flows[i].Node, read[i].Node);
            Assert.Equal(ScenarioFlows.Cluster, read[i].Cluster);
        }
    }

    [Fact]
    public async Task Bytes_that_a_reserialization_would_change_come_back_unchanged()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flow = ScenarioFlows.All[0];

        // An unknown field (number 9999, varint 7) survives only if the store keeps the original bytes.
        var original = flow.Original.ToArray().Concat(new byte[] { 0xF8, 0xE0, 0x04, 0x07 }).ToArray();
        await temp.Store.AppendAsync([flow with { Original = original }], None);

        var read = Assert.Single(await ReadAllAsync(temp.Store, new FlowReadRequest()));
        Assert.Equal(original, read.Original.ToArray());
    }

    [Fact]
    public async Task Newest_first_with_a_limit_returns_the_newest_flows_in_descending_time()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        await temp.Store.AppendAsync(ScenarioFlows.All, None);

        var read = await ReadAllAsync(temp.Store, new FlowReadRequest { Limit = 25, Order = FlowReadOrder.NewestFirst });

        var expected = ScenarioFlows.All.Select(f => f.TimeNs).OrderDescending().Take(25).ToList();
        Assert.Equal(expected, read.Select(f => f.TimeNs).ToList());
    }

    [Fact]
    public async Task The_table_has_the_shared_column_list_with_the_dialect_types_the_block_reference_then_the_list_summaries()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var columns = new List<(string, string)>();
        await foreach (var row in temp.Store.QueryRowsAsync("SELECT column_name, data_type FROM information_schema.columns WHERE table_name = 'flows' ORDER BY ordinal_position", None))
        {
            columns.Add(((string)row[0]!, (string)row[1]!));
        }

        static (string, string) Typed(FlowColumn c) => (c.Name, DuckDbDialect.Instance.TypeName(c.Type));
        List<(string, string)> expected =
        [
            .. FlowColumns.All.Except(FlowColumns.ListSummaries).Select(Typed), ("block_id", "BIGINT"), ("block_row", "USMALLINT"), ("block", "BLOB"),
            .. FlowColumns.ListSummaries.Select(Typed), (DuckDbLabelSetIndex.SourceColumn, "UINTEGER"), (DuckDbLabelSetIndex.DestinationColumn, "UINTEGER"),
        ];
        Assert.Equal(expected, columns);
        Assert.Equal(expected.Select(c => c.Item1), DuckDbRowWriter.ColumnNames);
    }

    [Fact]
    public async Task Originals_are_stored_compressed_in_blocks_and_the_flow_column_stays_empty()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);

        long inline = -1, blockBytes = 0, originalBytes = flows.Sum(f => (long)f.Original.Length);
        await foreach (var row in temp.Store.QueryRowsAsync("SELECT sum(octet_length(flow))::BIGINT FROM flows", None))
        {
            inline = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        await foreach (var row in temp.Store.QueryRowsAsync("SELECT sum(octet_length(block))::BIGINT FROM flows WHERE block_row = 0", None))
        {
            blockBytes = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        Assert.Equal(0, inline);
        Assert.InRange(blockBytes, 1, originalBytes / 4);
    }

    [Fact]
    public async Task Rows_written_by_schema_version_1_with_inline_bytes_still_read_back()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All.Take(10).ToList();
        await temp.Store.AppendAsync(flows, None);

        // A version-1 row keeps its bytes in flows.flow and names no block; the second flow's bytes there tell which source a read used.
        var hex = Convert.ToHexString(flows[1].Original.Span);

        // Row 0 starts the block that the other rows use, so its block moves to flow_blocks, where version 2 kept blocks.
        await foreach (var _ in temp.Store.QueryRowsAsync("INSERT INTO flow_blocks SELECT block_id, day, 10, block FROM flows WHERE rowid = 0", None))
        {
        }

        await foreach (var _ in temp.Store.QueryRowsAsync($"UPDATE flows SET flow = unhex('{hex}'), block_id = NULL, block_row = NULL WHERE rowid = 0", None))
        {
        }

        var read = await ReadAllAsync(temp.Store, new FlowReadRequest());
        Assert.Equal(flows[1].Original.ToArray(), read[0].Original.ToArray());
        Assert.Equal(flows.Skip(1).Select(f => f.Original.ToArray()), read.Skip(1).Select(f => f.Original.ToArray()));
    }

    [Fact]
    public async Task Newest_first_of_a_selective_filter_over_many_windows_equals_sorting_every_match()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);
        var filter = new FlowFilter { Verdict = { Verdict.Dropped } };
        var evaluator = NetObs.Hubble.Evaluation.FlowFilterEvaluator.Compile([filter], []);

        var read = await ReadAllAsync(temp.Store, new FlowReadRequest { Allow = [filter], Limit = 40, Order = FlowReadOrder.NewestFirst });

        var expected = flows.Where(f => evaluator.Matches(f.Flow)).Select(f => f.TimeNs).OrderDescending().Take(40).ToList();
        Assert.True(expected.Count == 40, "the scenario should hold at least 40 drops");
        Assert.Equal(expected, read.Select(f => f.TimeNs).ToList());
    }

    [Fact]
    public async Task A_limit_per_node_gives_the_newest_flows_of_every_node()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);

        var read = await ReadAllAsync(temp.Store, new FlowReadRequest { Limit = 15, LimitPerNode = true, Order = FlowReadOrder.NewestFirst });

        var expected = flows.GroupBy(f => f.Node).SelectMany(g => g.OrderByDescending(f => f.TimeNs).Take(15)).Select(f => (f.Node, f.TimeNs)).Order().ToList();
        Assert.Equal(3 * 15, expected.Count);
        Assert.Equal(expected, read.Select(f => (f.Node, f.TimeNs)).Order().ToList());
        Assert.Equal(read.Select(f => f.TimeNs).OrderDescending(), read.Select(f => f.TimeNs));
    }

    [Fact]
    public async Task Reopening_keeps_the_flows_and_applies_no_migration_twice()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        await temp.Store.AppendAsync(ScenarioFlows.All.Take(100).ToList(), None);
        await temp.ReopenAsync();

        Assert.Equal(DuckDbMigrations.LatestVersion, temp.Store.SchemaVersion);
        var versions = new List<long>();
        await foreach (var row in temp.Store.QueryRowsAsync("SELECT version FROM schema_version ORDER BY version", None))
        {
            versions.Add(Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture));
        }

        Assert.Equal(DuckDbMigrations.All.Select(m => (long)m.Version), versions);
        Assert.Equal(100, (await temp.Store.SummarizeAsync(None)).FlowCount);
    }

    [Fact]
    public async Task Flows_committed_before_a_crash_are_recovered_from_the_write_ahead_log()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var flows = ScenarioFlows.All;
        await temp.Store.AppendAsync(flows, None);

        // Copying the file and its WAL while the store still holds them is what a crash leaves: nothing checkpointed
        // at close, the committed batch only in the log (the store raises DuckDB's checkpoint threshold).
        var crashed = Path.Combine(temp.Directory, "crashed.duckdb");
        File.Copy(temp.Path, crashed);
        Assert.True(File.Exists(temp.Path + ".wal"), "the committed batch should still be in the write-ahead log");
        File.Copy(temp.Path + ".wal", crashed + ".wal");

        await using var recovered = await DuckDbFlowStore.OpenAsync(crashed, None);
        var read = await ReadAllAsync(recovered, new FlowReadRequest());
        Assert.Equal(flows.Count, read.Count);
        Assert.True(flows.Zip(read).All(p => p.First.Original.Span.SequenceEqual(p.Second.Original.Span)));
    }

    [Fact]
    public async Task A_file_from_a_newer_schema_is_refused_with_the_fix()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        await foreach (var _ in temp.Store.QueryRowsAsync("INSERT INTO schema_version VALUES (999, 'future', 0)", None))
        {
        }

        await temp.Store.DisposeAsync();
        var error = await Assert.ThrowsAsync<FlowStoreException>(() => DuckDbFlowStore.OpenAsync(temp.Path, None));
        Assert.Contains("schema version 999", error.Message, StringComparison.Ordinal);
        Assert.Contains("Upgrade netobs-history", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_path_in_a_missing_directory_is_a_clear_error()
    {
        var path = Path.Combine(Path.GetTempPath(), "netobs-missing-" + Guid.NewGuid().ToString("N"), "flows.duckdb");
        var error = await Assert.ThrowsAsync<FlowStoreException>(() => DuckDbFlowStore.OpenAsync(path, None));
        Assert.Contains("duckdb:" + path, error.Message, StringComparison.Ordinal);
        Assert.Contains("directory exists", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Summary_counts_clusters_nodes_and_namespaces()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var other = ScenarioFlows.Generate(TimeSpan.FromSeconds(20), seed: 8, cluster: "other");
        await temp.Store.AppendAsync(ScenarioFlows.All, None);
        await temp.Store.AppendAsync(other, None);

        var summary = await temp.Store.SummarizeAsync(None);

        var all = ScenarioFlows.All.Concat(other).ToList();
        Assert.Equal(all.Count, summary.FlowCount);
        Assert.Equal(all.Min(f => f.TimeNs), summary.OldestNs);
        Assert.Equal(all.Max(f => f.TimeNs), summary.NewestNs);
        Assert.Equal(new[] { "other", "sim" }, summary.Clusters.Select(c => c.Cluster));
        Assert.Equal(other.Count, summary.Clusters[0].FlowCount);
        var expectedNodes = all.GroupBy(f => (f.Cluster, f.Node)).Select(g => (g.Key.Cluster, g.Key.Node, (long)g.Count()))
            .OrderBy(n => n.Cluster, StringComparer.Ordinal).ThenBy(n => n.Node, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNodes, summary.Nodes.Select(n => (n.Cluster, n.Node, n.FlowCount)).ToList());
        var expectedNamespaces = all.SelectMany(f => new[] { (f.Cluster, f.Flow.Source?.Namespace ?? string.Empty), (f.Cluster, f.Flow.Destination?.Namespace ?? string.Empty) })
            .Where(p => p.Item2.Length > 0).Distinct()
            .OrderBy(p => p.Cluster, StringComparer.Ordinal).ThenBy(p => p.Item2, StringComparer.Ordinal).ToList();
        Assert.Equal(expectedNamespaces, summary.Namespaces.Select(n => (n.Cluster, n.Namespace)).ToList());
    }

    [Fact]
    public async Task Position_names_the_newest_time_and_every_flow_stored_at_it()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        Assert.Equal(0, (await temp.Store.PositionAsync("sim", None)).NewestNs);

        var flows = ScenarioFlows.All.Take(50).ToList();
        var last = flows[^1];
        var twin = StoredFlow.From("sim", new Flow(last.Flow) { NodeName = "twin-node" });
        await temp.Store.AppendAsync([.. flows, twin], None);

        var position = await temp.Store.PositionAsync("sim", None);

        Assert.Equal(last.TimeNs, position.NewestNs);
        Assert.True(position.AlreadyStored(last.TimeNs, last.Original.Span));
        Assert.True(position.AlreadyStored(twin.TimeNs, twin.Original.Span));
        Assert.False(position.AlreadyStored(last.TimeNs, ScenarioFlows.All[60].Original.Span));
        Assert.False(position.AlreadyStored(last.TimeNs + 1, last.Original.Span));
        Assert.Equal(0, (await temp.Store.PositionAsync("elsewhere", None)).NewestNs);
    }

    [Fact]
    public async Task Gaps_are_stored_and_read_back_by_overlapping_range_and_cluster()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var lost = new FlowGap("sim", "node-1", 100, 200, 42, FlowGapReason.LostEvents, "node-1 lost 42 events");
        var down = new FlowGap("other", string.Empty, 150, 400, 0, FlowGapReason.RelayUnavailable, "relay 'other' unreachable");
        await temp.Store.RecordGapAsync(lost, None);
        await temp.Store.RecordGapAsync(down, None);

        Assert.Equal(new[] { lost, down }, await temp.Store.ReadGapsAsync(0, long.MaxValue, [], None));
        Assert.Equal(new[] { down }, await temp.Store.ReadGapsAsync(201, 300, [], None));
        Assert.Equal(new[] { lost }, await temp.Store.ReadGapsAsync(0, long.MaxValue, ["sim"], None));
    }

    [Fact]
    public async Task Retention_drops_whole_days_before_the_cutoff_and_keeps_the_day_it_falls_in()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        const long day = 86_400_000_000_000L;
        var dayStart = ScenarioFlows.Start - (ScenarioFlows.Start % day);
        var flows = ScenarioFlows.All.Take(30).ToList();
        var old = flows.Take(10).Select(f => Shift(f, -2 * day)).ToList();
        var yesterday = flows.Skip(10).Take(10).Select(f => Shift(f, -day)).ToList();
        var today = flows.Skip(20).ToList();
        await temp.Store.AppendAsync([.. old, .. yesterday, .. today], None);
        await temp.Store.RecordGapAsync(new FlowGap("sim", string.Empty, old[0].TimeNs, old[1].TimeNs, 1, FlowGapReason.LostEvents, "old"), None);

        // The cutoff falls inside yesterday: only the day before it ends at or before the cutoff.
        var dropped = await temp.Store.DropDaysBeforeAsync(dayStart - (day / 2), None);

        Assert.Equal(1, dropped);
        var remaining = await ReadAllAsync(temp.Store, new FlowReadRequest());
        Assert.Equal(yesterday.Concat(today).Select(f => f.TimeNs).Order(), remaining.Select(f => f.TimeNs));
        Assert.Empty(await temp.Store.ReadGapsAsync(0, long.MaxValue, [], None));
        Assert.Equal(0, await temp.Store.DropDaysBeforeAsync(dayStart - (day / 2), None));
    }

    private static StoredFlow Shift(StoredFlow flow, long byNs) => flow with { TimeNs = flow.TimeNs + byNs };

    internal static async Task<List<StoredFlow>> ReadAllAsync(IFlowStore store, FlowReadRequest request)
    {
        var flows = new List<StoredFlow>();
        await foreach (var flow in store.ReadAsync(request, None))
        {
            flows.Add(flow);
        }

        return flows;
    }
}
