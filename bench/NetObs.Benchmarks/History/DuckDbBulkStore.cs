using System.Diagnostics;
using System.Globalization;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// A DuckDB file holding a large number of flows, made fast: the simulator flows are appended once through the store,
/// then the table doubles itself in SQL with every copy shifted past the previous one in time, so rows stay in time
/// order as a follower writes them. Copies reuse the first copy's compressed originals (same blocks), so the file is
/// smaller than a real one of that many flows; queries over the columns and reads of originals are unaffected.
/// </summary>
internal static class DuckDbBulkStore
{
    public sealed record Result(string Path, long Flows, long OldestNs, long NewestNs, TimeSpan Elapsed);

    public static async Task<Result> CreateAsync(SimulatorFlowSet flows, long target, string directory)
    {
        var path = System.IO.Path.Combine(directory, "bulk.duckdb");
        var watch = Stopwatch.StartNew();
        await using (var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None))
        {
            var batch = new List<StoredFlow>(50_000);
            for (var i = 0; i < flows.Flows.Count && i < target; i++)
            {
                var flow = flows.Flows[i];
                batch.Add(StoredFlow.From("default", flow));
                if (batch.Count == batch.Capacity)
                {
                    await store.AppendAsync(batch, CancellationToken.None);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await store.AppendAsync(batch, CancellationToken.None);
            }

            while (true)
            {
                var (count, oldest, newest) = await RangeAsync(store);
                if (count >= target)
                {
                    return new Result(path, count, oldest, newest, watch.Elapsed);
                }

                var shift = newest - oldest + 1;
                var take = Math.Min(count, target - count);
                var sql = string.Create(CultureInfo.InvariantCulture,
                    $"INSERT INTO flows SELECT * REPLACE (time_ns + {shift} AS time_ns, CAST(make_timestamp((time_ns + {shift}) // 1000) AS DATE) AS day) FROM flows WHERE rowid < {take}");
                await foreach (var _ in store.QueryRowsAsync(sql, CancellationToken.None))
                {
                }
            }
        }
    }

    private static async Task<(long Count, long Oldest, long Newest)> RangeAsync(DuckDbFlowStore store)
    {
        await foreach (var row in store.QueryRowsAsync("SELECT count(*), min(time_ns), max(time_ns) FROM flows", CancellationToken.None))
        {
            return (Convert.ToInt64(row[0], CultureInfo.InvariantCulture), Convert.ToInt64(row[1], CultureInfo.InvariantCulture), Convert.ToInt64(row[2], CultureInfo.InvariantCulture));
        }

        return (0, 0, 0);
    }
}
