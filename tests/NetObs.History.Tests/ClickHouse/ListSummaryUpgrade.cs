using System.Globalization;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// Rows written before the list summary columns existed (migrations 0004/0005) read them from the columns' defaults
/// after the upgrade, and the store then answers reads and aggregations as DuckDB does over the same flows.
/// </summary>
internal static class ListSummaryUpgrade
{
    private const int LastVersionWithoutSummaries = 3;

    /// <param name="servers">Every server of the store, each given the schema of version 3 first.</param>
    /// <param name="openStaging">Opens a current single-server store in another database, where the rows are made.</param>
    /// <param name="openUpgraded">Opens the store of <paramref name="database"/>, which applies the pending migrations.</param>
    public static async Task Rows_written_before_the_summaries_answer_the_same_after_the_upgrade(
        IReadOnlyList<IClickHouseConnection> servers, string database, string? cluster, IReadOnlyList<StoredFlow> flows,
        Func<Task<ClickHouseFlowStore>> openStaging, string stagingDatabase, Func<Task<ClickHouseFlowStore>> openUpgraded)
    {
        foreach (var server in servers)
        {
            await server.QueryAsync($"CREATE DATABASE IF NOT EXISTS {database}", CancellationToken.None);
            foreach (var migration in ClickHouseMigration.All.Where(m => m.Version <= LastVersionWithoutSummaries && (cluster is not null || !m.ClusterOnly)))
            {
                foreach (var statement in migration.Statements(database, cluster))
                {
                    await server.QueryAsync(statement, CancellationToken.None);
                }
            }
        }

        // The rows in the old layout: written by the current store elsewhere, read back without the summaries and
        // inserted into the old table, so that its parts hold no summary column at all.
        var oldColumns = string.Join(", ", FlowColumns.All.Except(FlowColumns.ListSummaries).Select(c => c.Name));
        await using (var staging = await openStaging())
        {
            await StoreChecks.AppendAsync(staging, flows);
        }

        var first = servers[0];
        var rows = await first.QueryAsync($"SELECT {oldColumns} FROM {stagingDatabase}.flows_local FORMAT TabSeparated", CancellationToken.None);
        var target = cluster is null ? $"{database}.flows_local" : $"{database}.flows";
        await first.InsertAsync($"INSERT INTO {target} ({oldColumns}) FORMAT TabSeparated", rows, CancellationToken.None);
        Assert.Equal("0", (await EngineChecks.TextAsync(first, $"SELECT count() FROM system.columns WHERE database = '{database}' AND name = 'source_first_workload' FORMAT TabSeparated")).Trim());

        await using var store = await openUpgraded();
        var summaries = await EngineChecks.TextAsync(first,
            $"SELECT count(), countIf(source_workload_count > 0), countIf(destination_name_count > 0), " +
            "countIf(source_workload_count != length(source_workloads) OR source_first_workload != source_workloads[1] OR source_first_workload_kind != source_workload_kinds[1] " +
            "OR source_name_count != length(source_names) OR source_first_name != source_names[1] " +
            "OR destination_workload_count != length(destination_workloads) OR destination_first_workload != destination_workloads[1] " +
            "OR destination_first_workload_kind != destination_workload_kinds[1] OR destination_name_count != length(destination_names) OR destination_first_name != destination_names[1]) " +
            $"FROM {target} FORMAT TabSeparated");
        var counts = summaries.Trim().Split('\t').Select(v => long.Parse(v, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(flows.Count, counts[0]);
        Assert.True(counts[1] > 0 && counts[2] > 0, $"the flows should have source workloads and destination DNS names: {summaries}");
        Assert.Equal(0, counts[3]);

        await DuckDbComparison.Stores_agree_on_reads_and_aggregations(store, flows, filterCount: 6, seed: 9);
    }
}
