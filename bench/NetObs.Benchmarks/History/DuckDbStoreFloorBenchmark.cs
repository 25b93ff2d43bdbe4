using System.Diagnostics;
using System.Globalization;
using DuckDB.NET.Data;
using NetObs.History.Following;
using NetObs.History.Storage;
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

    /// <summary>How the ingest run's rows are shaped before they are inserted.</summary>
    public enum Shape
    {
        /// <summary>The store's schema, as the writer fills it.</summary>
        AsStored,

        /// <summary>
        /// The store's schema with each row's labels as list items and no label set, as schema version 5 stored them:
        /// what label sets save.
        /// </summary>
        LabelsAsLists,

        /// <summary>
        /// Every string and string list item replaced by a number below 2^20 (from its hash), in a table of that shape: what a
        /// schema of dictionary ids, with the strings kept once in tables of their own, would leave DuckDB to do per flow.
        /// </summary>
        StringsAsIds,
    }

    /// <param name="source">A DuckDB file written by the store (an ingest run's file).</param>
    public static async Task<Result> MeasureAsync(string source, string directory, Shape shape = Shape.AsStored)
    {
        var path = Path.Combine(directory, $"floor-{shape}.duckdb");
        // The store's own migrations make the target's tables, so the schema is the one the writer fills.
        await (await DuckDbFlowStore.OpenAsync(path, CancellationToken.None)).DisposeAsync();

        await using var connection = new DuckDBConnection("Data Source=" + path);
        await connection.OpenAsync();
        await DuckDbStatements.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
            $"SET threads = 1; ATTACH '{source.Replace("'", "''", StringComparison.Ordinal)}' AS source (READ_ONLY); CREATE TEMP TABLE rows AS SELECT * FROM source.flows ORDER BY time_ns; INSERT INTO label_sets SELECT * FROM source.label_sets; DETACH source"));
        var target = "flows";
        switch (shape)
        {
            case Shape.LabelsAsLists:
                string sourceLabels = FlowColumns.SourceLabels.Name, destinationLabels = FlowColumns.DestinationLabels.Name;
                await DuckDbStatements.ExecuteAsync(connection,
                    $"CREATE OR REPLACE TEMP TABLE rows AS SELECT * REPLACE ({DuckDbLabelSetIndex.ValueSql(sourceLabels)} AS {sourceLabels}, {DuckDbLabelSetIndex.ValueSql(destinationLabels)} AS {destinationLabels}, " +
                    $"0::UINTEGER AS {DuckDbLabelSetIndex.SourceColumn}, 0::UINTEGER AS {DuckDbLabelSetIndex.DestinationColumn}) FROM rows ORDER BY time_ns");
                break;
            case Shape.StringsAsIds:
                var columns = new List<string>();
                await using (var command = connection.CreateCommand())
                {
                    command.CommandText = "SELECT column_name, data_type FROM duckdb_columns() WHERE table_name = 'rows' AND database_name = 'temp' ORDER BY column_index";
                    await using var reader = await command.ExecuteReaderAsync();
                    while (await reader.ReadAsync())
                    {
                        var (name, type) = (reader.GetString(0), reader.GetString(1));
                        columns.Add(type switch
                        {
                            "VARCHAR" => $"(hash({name}) % 1048576)::UINTEGER AS {name}",
                            "VARCHAR[]" => $"list_transform({name}, x -> (hash(x) % 1048576)::UINTEGER) AS {name}",
                            _ => name,
                        });
                    }
                }

                await DuckDbStatements.ExecuteAsync(connection, $"CREATE OR REPLACE TEMP TABLE rows AS SELECT {string.Join(", ", columns)} FROM rows ORDER BY time_ns; CREATE TABLE flows_ids AS SELECT * FROM rows LIMIT 0");
                target = "flows_ids";
                break;
        }

        var rows = await DuckDbStatements.ScalarAsync(connection, "SELECT count(*) FROM rows");
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        for (long offset = 0; offset < rows; offset += IngestQueue.DefaultMaxBatch)
        {
            await DuckDbStatements.ExecuteAsync(connection, string.Create(CultureInfo.InvariantCulture,
                $"INSERT INTO {target} SELECT * FROM rows WHERE rowid >= {offset} AND rowid < {offset + IngestQueue.DefaultMaxBatch}"));
        }

        await DuckDbStatements.ExecuteAsync(connection, "CHECKPOINT");
        process.Refresh();
        var cpu = process.TotalProcessorTime - before;
        var stored = await DuckDbStatements.ScalarAsync(connection, $"SELECT count(*) FROM {target}");
        await connection.CloseAsync();
        File.Delete(path);
        if (stored != rows)
        {
            throw new InvalidOperationException($"The floor copy stored {stored:N0} of {rows:N0} rows.");
        }

        return new Result(rows, cpu);
    }
}
