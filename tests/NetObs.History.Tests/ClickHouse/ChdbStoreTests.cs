using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>The ClickHouse store's own statements (migrations, inserts, filtered reads, summaries, retention) on chDB 26.7.</summary>
[Collection(ChdbCollection.Name)]
public sealed class ChdbStoreTests(ChdbFixture chdb)
{
    private Task<ClickHouseFlowStore> OpenAsync(string database) =>
        ClickHouseFlowStore.OpenAsync([new SharedConnection(chdb.Connection)], database, cluster: null, "chDB", CancellationToken.None);

    [Fact]
    public async Task Migrated_flows_table_has_exactly_the_shared_columns_on_chdb()
    {
        var database = chdb.NewDatabase("columns");
        await using var store = await OpenAsync(database);
        await StoreChecks.Flows_table_has_exactly_the_shared_columns(chdb.Connection, database);
    }

    [Fact]
    public async Task Stored_flows_are_found_by_their_keys_after_a_write_in_doubt_on_chdb()
    {
        await using var store = await OpenAsync(chdb.NewDatabase("indoubt"));
        await Faults.InDoubtLookup.Stored_flows_and_only_they_are_found_by_their_keys(store);
    }

    [Fact]
    public async Task Random_filters_read_the_same_flows_as_the_in_memory_evaluator_on_chdb()
    {
        var database = chdb.NewDatabase("differential");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(12), seed: 11);
        flows.AddRange(ScenarioFlows.Generate("onprem", TimeSpan.FromSeconds(3), seed: 12));
        await using var store = await OpenAsync(database);
        await StoreChecks.AppendAsync(store, flows);
        await StoreChecks.Reads_equal_the_in_memory_evaluator(store, flows, filterCount: 200, seed: 1);
    }

    [Fact]
    public async Task Reads_and_aggregations_equal_the_duckdb_store_on_chdb()
    {
        var database = chdb.NewDatabase("vsduckdb");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(8), seed: 21);
        await using var store = await OpenAsync(database);
        await StoreChecks.AppendAsync(store, flows);
        await DuckDbComparison.Stores_agree_on_reads_and_aggregations(store, flows, filterCount: 15, seed: 5);
    }

    [Fact]
    public async Task Rows_written_before_the_list_summaries_answer_the_same_after_the_migration_on_chdb()
    {
        var database = chdb.NewDatabase("upgrade");
        var staging = chdb.NewDatabase("upgradestaging");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(8), seed: 23);
        await ListSummaryUpgrade.Rows_written_before_the_summaries_answer_the_same_after_the_upgrade(
            [chdb.Connection], database, cluster: null, flows, () => OpenAsync(staging), staging, () => OpenAsync(database));
    }

    [Fact]
    public async Task Summary_position_gaps_and_coverage_on_chdb()
    {
        var database = chdb.NewDatabase("summary");
        var flows = ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(10));
        await using var store = await OpenAsync(database);
        await StoreChecks.AppendAsync(store, flows);
        await StoreChecks.Summary_position_and_gaps_describe_what_was_written(store, flows);
    }

    [Fact]
    public async Task Retention_drops_whole_day_partitions_on_chdb()
    {
        var database = chdb.NewDatabase("retention");
        var flows = new List<StoredFlow>();
        for (var day = 0; day < 3; day++)
        {
            flows.AddRange(ScenarioFlows.Generate("aks-prod", TimeSpan.FromSeconds(5), seed: (ulong)day, start: ScenarioFlows.Start + (day * ScenarioFlows.NanosPerDay)));
        }

        await using var store = await OpenAsync(database);
        await StoreChecks.AppendAsync(store, flows);
        Assert.Equal(2, await store.DropDaysBeforeAsync(ScenarioFlows.Start + (2 * ScenarioFlows.NanosPerDay) + 1, CancellationToken.None));
        var kept = flows.Where(f => f.TimeNs >= ScenarioFlows.Start + (2 * ScenarioFlows.NanosPerDay)).ToList();
        ScenarioFlows.AssertSameFlows(ScenarioFlows.InStoreOrder(kept), await StoreChecks.ReadAllAsync(store, new FlowReadRequest()), "after retention");
    }
}
