using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// A DuckDB file holding a large number of flows, made fast: the simulator flows are appended once through the store
/// (the base), then copied in SQL over and over, each copy shifted past the previous one in time, so rows stay in time
/// order as a follower writes them. Each copy carries its own copy of the base's compressed originals under block ids
/// shifted past the previous copy's, so block ids grow with the rows as the writer makes them: a read that looks a
/// block up by id prunes by zone maps as it does in a real file, and the file is as large as a real one.
/// </summary>
/// <remarks>
/// Each copy is one INSERT of the base's rows from an in-memory temporary table: every statement moves the same
/// bounded number of rows, so time and memory grow linearly with the target, unlike doubling the table into itself
/// (each step larger than all before it, with DuckDB buffering the whole step to keep insertion order).
/// DuckDB settings for the build: memory_limit 4GB (the default is 80% of RAM), the file's default threads.
/// </remarks>
internal static class DuckDbBulkStore
{
    public sealed record Result(string Path, long Flows, long OldestNs, long NewestNs, TimeSpan Elapsed, bool Reused);

    private const string MemoryLimit = "4GB";

    public static async Task<Result> CreateAsync(SimulatorFlowSet flows, long target, string path)
    {
        var watch = Stopwatch.StartNew();
        if (File.Exists(path))
        {
            var (count, oldest, newest) = await RangeAsync(path);
            if (count == target)
            {
                return new Result(path, count, oldest, newest, watch.Elapsed, Reused: true);
            }

            File.Delete(path);
            File.Delete(path + ".wal");
        }

        var baseCount = (int)Math.Min(flows.Flows.Count, target);
        await using (var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None))
        {
            var batch = new List<StoredFlow>(50_000);
            for (var i = 0; i < baseCount; i++)
            {
                batch.Add(StoredFlow.From("default", flows.Flows[i]));
                if (batch.Count == batch.Capacity || i == baseCount - 1)
                {
                    await store.AppendAsync(batch, CancellationToken.None);
                    batch.Clear();
                }
            }
        }

        await using (var connection = new DuckDBConnection("Data Source=" + path))
        {
            await connection.OpenAsync();
            await DuckDbStatements.ExecuteAsync(connection, $"SET memory_limit = '{MemoryLimit}'; CREATE TEMP TABLE base AS SELECT * FROM flows ORDER BY time_ns, rowid");
            var (_, oldest, newest) = await RangeAsync(connection, "base");
            var shift = newest - oldest + 1;
            var blockShift = await DuckDbStatements.ScalarAsync(connection, "SELECT max(block_id) - min(block_id) + 1 FROM base");
            long stored = baseCount;
            long copy = 1;
            while (stored < target)
            {
                // One copy per statement: DuckDB keeps insertion order within a statement, so the file stays sorted by time.
                var take = Math.Min(baseCount, target - stored);
                var offset = shift * copy;
                var blocks = blockShift * copy;
                await DuckDbStatements.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
                    $"INSERT INTO flows SELECT * REPLACE (time_ns + {offset} AS time_ns, CAST(make_timestamp((time_ns + {offset}) // 1000) AS DATE) AS day, block_id + {blocks} AS block_id) FROM base LIMIT {take}"));
                stored += take;
                copy++;
            }

            await DuckDbStatements.ExecuteAsync(connection, "DROP TABLE base; CHECKPOINT");
        }

        var (total, first, last) = await RangeAsync(path);
        return new Result(path, total, first, last, watch.Elapsed, Reused: false);
    }

    private static async Task<(long Count, long Oldest, long Newest)> RangeAsync(string path)
    {
        await using var connection = new DuckDBConnection("Data Source=" + path);
        await connection.OpenAsync();
        return await RangeAsync(connection, "flows");
    }

    private static async Task<(long Count, long Oldest, long Newest)> RangeAsync(DuckDBConnection connection, string table)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*), coalesce(min(time_ns), 0), coalesce(max(time_ns), 0) FROM {table}";
        await using var reader = await command.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1), reader.GetInt64(2));
    }
}
