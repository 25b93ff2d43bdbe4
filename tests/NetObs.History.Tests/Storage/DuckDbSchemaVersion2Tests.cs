using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// A file written by schema version 2 (originals in flow_blocks, no block column) opens under the latest version, reads the
/// same flows, and takes new flows whose blocks live in flows.block beside the old ones.
/// </summary>
public sealed class DuckDbSchemaVersion2Tests
{
    private static readonly CancellationToken None = CancellationToken.None;

    [Fact]
    public async Task A_version_2_file_is_migrated_and_reads_old_and_new_blocks_byte_for_byte()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        var old = ScenarioFlows.All;
        await temp.Store.AppendAsync(old.Take(old.Count / 2).ToList(), None);
        await temp.Store.AppendAsync(old.Skip(old.Count / 2).ToList(), None);
        await RewriteAsVersion2Async(temp.Store);
        await temp.ReopenAsync();

        Assert.Equal(DuckDbMigrations.LatestVersion, temp.Store.SchemaVersion);
        Assert.Equal(0, await ScalarAsync(temp.Store, "SELECT count(*) FROM flows WHERE block IS NOT NULL"));
        AssertSameFlows(old, await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest()));

        var newer = ScenarioFlows.Generate(TimeSpan.FromSeconds(20), seed: 5, start: old.Max(f => f.TimeNs) + 1_000_000_000);
        await temp.Store.AppendAsync(newer, None);

        var oldBlocks = await ScalarAsync(temp.Store, "SELECT count(*) FROM flow_blocks");
        Assert.True(oldBlocks >= 2, "the version-2 part should span several blocks");
        Assert.Equal(0, await ScalarAsync(temp.Store, "SELECT count(*) FROM flows f JOIN flow_blocks b USING (block_id) WHERE f.block IS NOT NULL"));
        Assert.True(await ScalarAsync(temp.Store, "SELECT count(*) FROM flows WHERE block IS NOT NULL") >= 1);
        AssertSameFlows([.. old, .. newer], await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest()));

        var newestFirst = await DuckDbFlowStoreTests.ReadAllAsync(temp.Store, new FlowReadRequest { Limit = newer.Count + 10, Order = FlowReadOrder.NewestFirst });
        Assert.Equal(newer.Select(f => f.TimeNs).OrderDescending().Concat(old.Select(f => f.TimeNs).OrderDescending().Take(10)), newestFirst.Select(f => f.TimeNs));
    }

    /// <summary>Moves the blocks back to flow_blocks and drops the columns of later versions, as version 2 wrote them.</summary>
    private static async Task RewriteAsVersion2Async(DuckDbFlowStore store)
    {
        string[] statements =
        [
            .. DuckDbEarlierVersions.WithoutLabelSets,
            "INSERT INTO flow_blocks SELECT f.block_id, f.day, (SELECT count(*) FROM flows r WHERE r.block_id = f.block_id)::INTEGER, f.block FROM flows f WHERE f.block_row = 0",
            "ALTER TABLE flows DROP COLUMN block",
            .. FlowColumns.ListSummaries.Select(c => $"ALTER TABLE flows DROP COLUMN {c.Name}"),
            "DROP TABLE service_map_minutes",
            "DROP TABLE service_map_rollup_state",
            "DELETE FROM schema_version WHERE version >= 3",
        ];
        foreach (var sql in statements)
        {
            await foreach (var _ in store.QueryRowsAsync(sql, None))
            {
            }
        }

        Assert.Equal(0, await ScalarAsync(store, "SELECT count(*) FROM information_schema.columns WHERE table_name = 'flows' AND column_name = 'block'"));
    }

    private static void AssertSameFlows(IReadOnlyList<StoredFlow> expected, IReadOnlyList<StoredFlow> read)
    {
        Assert.Equal(expected.Count, read.Count);
        var wanted = expected.Select(f => (f.TimeNs, Convert.ToHexString(f.Original.Span))).Order().ToList();
        var actual = read.Select(f => (f.TimeNs, Convert.ToHexString(f.Original.Span))).Order().ToList();
        Assert.Equal(wanted, actual);
    }

    private static async Task<long> ScalarAsync(DuckDbFlowStore store, string sql)
    {
        long value = -1;
        await foreach (var row in store.QueryRowsAsync(sql, None))
        {
            value = Convert.ToInt64(row[0], System.Globalization.CultureInfo.InvariantCulture);
        }

        return value;
    }
}
