using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using NetObs.History.Following;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// What DuckDB alone spends to store a flow row of the store's schema, with none of the server's work: the rows of an
/// ingest run are first copied into an in-memory table (DuckDB's own vectors, uncompressed), then inserted with one
/// thread into a new file with the same schema, in transactions of one row group as the writer makes them, and
/// checkpointed. That is the part of the ingest cost that no change to the reader, the queue or the row writer can
/// remove; it bounds the rate the schema allows on this machine.
/// </summary>
internal static class DuckDbStoreFloorBenchmark
{
    public sealed record Result(long Rows, TimeSpan Cpu)
    {
        public double MicrosecondsPerFlow => Cpu.TotalMicroseconds / Rows;
    }

    /// <param name="source">A DuckDB file written by the store (an ingest run's file).</param>
    /// <param name="emptyLists">Columns of the rows stored as empty lists instead, to price what those lists cost.</param>
    public static async Task<Result> MeasureAsync(string source, string directory, params string[] emptyLists)
    {
        var path = Path.Combine(directory, $"floor-{emptyLists.Length}.duckdb");
        var replace = emptyLists.Length == 0 ? string.Empty : $" REPLACE ({string.Join(", ", emptyLists.Select(c => $"[]::VARCHAR[] AS {c}"))})";
        // The store's own migrations make the target's tables, so the schema is the one the writer fills.
        await (await DuckDbFlowStore.OpenAsync(path, CancellationToken.None)).DisposeAsync();

        await using var connection = new DuckDBConnection("Data Source=" + path);
        await connection.OpenAsync();
        await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"SET threads = 1; ATTACH '{source.Replace("'", "''", StringComparison.Ordinal)}' AS source (READ_ONLY); CREATE TEMP TABLE rows AS SELECT * FROM source.flows ORDER BY time_ns; DETACH source"));
        var rows = await ScalarAsync(connection, "SELECT count(*) FROM rows");
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (long offset = 0; offset < rows; offset += IngestQueue.DefaultMaxBatch)
        {
            await ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO flows SELECT *{replace} FROM rows WHERE rowid >= {offset} AND rowid < {offset + IngestQueue.DefaultMaxBatch}"));
        }

        await ExecuteAsync(connection, "CHECKPOINT");
        process.Refresh();
        var cpu = process.TotalProcessorTime - before;
        var stored = await ScalarAsync(connection, "SELECT count(*) FROM flows");
        await connection.CloseAsync();
        File.Delete(path);
        if (stored != rows)
        {
            throw new InvalidOperationException($"The floor copy stored {stored:N0} of {rows:N0} rows.");
        }

        return new Result(rows, cpu);
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<long> ScalarAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
