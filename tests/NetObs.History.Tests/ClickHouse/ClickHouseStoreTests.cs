using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>The ClickHouse store on two real 18.16 shards behind Distributed tables, through its URI.</summary>
public sealed class ClickHouseStoreTests(ClickHouseClusterFixture servers) : IClassFixture<ClickHouseClusterFixture>
{
    [Fact]
    public async Task Flows_written_through_one_shard_are_read_byte_for_byte_through_the_other()
    {
        var database = servers.NewDatabase("twoshards");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(20));
        await using (var writer = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None))
        {
            await StoreChecks.AppendAsync(writer, flows);
        }

        await using var reader = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard2), CancellationToken.None);
        var read = await StoreChecks.ReadAllAsync(reader, new FlowReadRequest());
        ScenarioFlows.AssertSameFlows(ScenarioFlows.InStoreOrder(flows), read, "all flows through shard 2");

        // The Distributed table spread the rows over both shards: each local table holds some, together all.
        using var shard1 = ClickHouseEngineTests.Connect(servers.Shard1);
        using var shard2 = ClickHouseEngineTests.Connect(servers.Shard2);
        var onShard1 = long.Parse(await EngineChecks.TextAsync(shard1, $"SELECT count() FROM {database}.flows_local FORMAT TabSeparated"), System.Globalization.CultureInfo.InvariantCulture);
        var onShard2 = long.Parse(await EngineChecks.TextAsync(shard2, $"SELECT count() FROM {database}.flows_local FORMAT TabSeparated"), System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(onShard1 > 0 && onShard2 > 0, $"rows per shard: {onShard1} and {onShard2}");
        Assert.Equal(flows.Count, onShard1 + onShard2);
    }

    [Fact]
    public async Task Migrated_flows_table_has_exactly_the_shared_columns()
    {
        var database = servers.NewDatabase("columns");
        await using var store = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None);
        using var shard2 = ClickHouseEngineTests.Connect(servers.Shard2);
        await StoreChecks.Flows_table_has_exactly_the_shared_columns(shard2, database);
    }

    [Fact]
    public async Task Random_filters_read_the_same_flows_as_the_in_memory_evaluator_across_shards()
    {
        var database = servers.NewDatabase("differential");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(12), seed: 11);
        flows.AddRange(ScenarioFlows.Generate("onprem", TimeSpan.FromSeconds(3), seed: 12));
        await using var writer = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None);
        await StoreChecks.AppendAsync(writer, flows);
        await using var reader = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard2), CancellationToken.None);
        await StoreChecks.Reads_equal_the_in_memory_evaluator(reader, flows, filterCount: 200, seed: 1);
    }

    [Fact]
    public async Task Reads_and_aggregations_equal_the_duckdb_store_over_the_same_flows()
    {
        var database = servers.NewDatabase("vsduckdb");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(8), seed: 21);
        await using var store = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard2), CancellationToken.None);
        await StoreChecks.AppendAsync(store, flows);
        await DuckDbComparison.Stores_agree_on_reads_and_aggregations(store, flows, filterCount: 15, seed: 5);
    }

    [Fact]
    public async Task Rows_written_before_the_list_summaries_answer_the_same_after_the_migration_on_18_16_shards()
    {
        var database = servers.NewDatabase("upgrade");
        var staging = servers.NewDatabase("upgradestaging");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(8), seed: 23);
        var connections = new[] { ClickHouseEngineTests.Connect(servers.Shard1), ClickHouseEngineTests.Connect(servers.Shard2) };
        try
        {
            await ListSummaryUpgrade.Rows_written_before_the_summaries_answer_the_same_after_the_upgrade(
                connections, database, ClickHouseClusterFixture.ClusterName, flows,
                () => ClickHouseFlowStore.OpenAsync([ClickHouseEngineTests.Connect(servers.Shard1)], staging, cluster: null, "staging", CancellationToken.None), staging,
                () => ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None));
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    [Fact]
    public async Task Summary_position_gaps_and_coverage_describe_the_stored_flows()
    {
        var database = servers.NewDatabase("summary");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(10));
        await using var store = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard2), CancellationToken.None);
        await StoreChecks.AppendAsync(store, flows);
        await StoreChecks.Summary_position_and_gaps_describe_what_was_written(store, flows);
    }

    [Fact]
    public async Task Retention_drops_whole_day_partitions_on_every_shard()
    {
        var database = servers.NewDatabase("retention");
        var flows = new List<StoredFlow>();
        for (var day = 0; day < 3; day++)
        {
            flows.AddRange(ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(5), seed: (ulong)day, start: ScenarioFlows.Start + (day * ScenarioFlows.NanosPerDay)));
        }

        await using var store = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None);
        await StoreChecks.AppendAsync(store, flows);
        await store.RecordGapAsync(new FlowGap("aks-prod", "n", ScenarioFlows.Start, ScenarioFlows.Start + 5, 3, FlowGapReason.LostEvents, "old"), CancellationToken.None);

        // The cutoff lies inside the third day: the first two days have ended, the third is kept whole.
        var cutoff = ScenarioFlows.Start + (2 * ScenarioFlows.NanosPerDay) + 3_000_000_000;
        Assert.Equal(2, await store.DropDaysBeforeAsync(cutoff, CancellationToken.None));

        var kept = flows.Where(f => f.TimeNs >= ScenarioFlows.Start + (2 * ScenarioFlows.NanosPerDay)).ToList();
        Assert.NotEmpty(kept);
        ScenarioFlows.AssertSameFlows(ScenarioFlows.InStoreOrder(kept), await StoreChecks.ReadAllAsync(store, new FlowReadRequest()), "after retention");
        Assert.Empty(await store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None));
        foreach (var shard in new[] { servers.Shard1, servers.Shard2 })
        {
            using var connection = ClickHouseEngineTests.Connect(shard);
            var days = await EngineChecks.TextAsync(connection, $"SELECT DISTINCT toString(min_date) FROM system.parts WHERE database = '{database}' AND table = 'flows_local' AND active FORMAT TabSeparated");
            Assert.Equal("2026-03-03", days.Trim());
        }

        Assert.Equal(0, await store.DropDaysBeforeAsync(cutoff, CancellationToken.None));
    }

    [Fact]
    public async Task A_single_server_without_a_cluster_uses_the_same_schema_minus_distributed_tables()
    {
        var database = servers.NewDatabase("single");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(5));
        await using var store = await ClickHouseFlowStore.OpenAsync($"clickhouse://recorder:s3cret%26pw@{servers.Shard1.HttpAddress}/{database}", CancellationToken.None);
        await StoreChecks.AppendAsync(store, flows);
        ScenarioFlows.AssertSameFlows(ScenarioFlows.InStoreOrder(flows), await StoreChecks.ReadAllAsync(store, new FlowReadRequest()), "single server");
        using var connection = ClickHouseEngineTests.Connect(servers.Shard1);
        Assert.Equal("flows_local\ngaps_local\nschema_migrations\n", await EngineChecks.TextAsync(connection, $"SELECT name FROM system.tables WHERE database = '{database}' ORDER BY name FORMAT TabSeparated"));
    }
}
