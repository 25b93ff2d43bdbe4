using System.Diagnostics;
using System.Globalization;
using System.Text;
using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Bytes on disk per flow of a DuckDB file written through the server's own store from distinct simulator flows
/// (every flow generated, none replayed or duplicated in SQL, so compression sees what a real follower writes):
/// all-in (the file after a checkpoint), the compressed originals, the columns (the rest), each column from
/// DuckDB's storage_info with the compression DuckDB chose, and the JSON lines Cilium's exporter would write.
/// </summary>
internal static class StorageSizeBenchmark
{
    /// <summary>One column's share: bytes per flow, its segments, and the compressions DuckDB picked for them.</summary>
    public sealed record ColumnSize(string Column, double BytesPerFlow, string Compressions);

    public sealed record Result(long Flows, TimeSpan Written, double AllInPerFlow, double FreePerFlow, double OriginalsPerFlow, double ColumnsPerFlow,
        double ColumnSegmentsPerFlow, double RawOriginalPerFlow, double ExporterJsonPerFlow, IReadOnlyList<ColumnSize> Columns);

    private const int BlockSize = 262_144;

    // A segment's bytes run from its offset to the next segment of the same block, or the block's end (a full block
    // per segment when nothing follows it). Strings spilled to overflow blocks (the compressed originals of the
    // block column) are not in these figures; they are the originals measured by their length.
    private static readonly string ColumnSizes = $"""
        WITH s AS (SELECT column_name, compression, block_id, block_offset FROM pragma_storage_info('flows') WHERE persistent AND block_id >= 0),
             o AS (SELECT column_name, compression, coalesce(lead(block_offset) OVER (PARTITION BY block_id ORDER BY block_offset), {BlockSize}) - block_offset AS bytes FROM s)
        SELECT column_name, sum(bytes)::BIGINT, string_agg(DISTINCT compression, '/' ORDER BY compression) FROM o GROUP BY column_name ORDER BY 2 DESC
        """;

    public static async Task<Result> MeasureAsync(string directory, int flowCount, int batchSize = 50_000)
    {
        var flows = SimulatorFlowSet.Generate(flowCount);
        var path = Path.Combine(directory, "size.duckdb");
        var watch = Stopwatch.StartNew();
        await using (var writer = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None))
        {
            var batch = new List<StoredFlow>(batchSize);
            foreach (var flow in flows.Flows)
            {
                batch.Add(new StoredFlow("default", flow.NodeName, SimulatorFlowSet.TimeOf(flow), flow, flow.ToByteArray()));
                if (batch.Count == batchSize)
                {
                    await writer.AppendAsync(batch, CancellationToken.None);
                    batch.Clear();
                }
            }

            if (batch.Count > 0)
            {
                await writer.AppendAsync(batch, CancellationToken.None);
            }
        }

        var written = watch.Elapsed;
        long count = 0, blocks = 0, freeBlocks = 0;
        var columns = new List<(string Name, long Bytes, string Compressions)>();
        await using (var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None))
        {
            await foreach (var row in store.QueryRowsAsync("CHECKPOINT", CancellationToken.None))
            {
            }

            await foreach (var row in store.QueryRowsAsync("SELECT (SELECT count(*) FROM flows), (SELECT coalesce(sum(octet_length(block)), 0)::BIGINT FROM flows) + (SELECT coalesce(sum(octet_length(originals)), 0)::BIGINT FROM flow_blocks), (SELECT free_blocks FROM pragma_database_size())", CancellationToken.None))
            {
                count = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                blocks = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
                freeBlocks = Convert.ToInt64(row[2], CultureInfo.InvariantCulture);
            }

            await foreach (var row in store.QueryRowsAsync(ColumnSizes, CancellationToken.None))
            {
                columns.Add(((string)row[0]!, Convert.ToInt64(row[1], CultureInfo.InvariantCulture), (string)row[2]!));
            }
        }

        var file = new FileInfo(path).Length + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0);
        File.Delete(path);
        var raw = flows.Flows.Average(f => (double)f.CalculateSize());

        // The exporter's line: {"flow":{…},"node_name":…,"time":…}, flow fields as protojson with proto names.
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
        var sample = flows.Flows.Take(20_000).ToList();
        var json = sample.Average(f => (double)Encoding.UTF8.GetByteCount(
            "{\"flow\":" + formatter.Format(f) + ",\"node_name\":\"" + f.NodeName + "\",\"time\":\"" + f.Time?.ToDateTime().ToString("O", CultureInfo.InvariantCulture) + "\"}\n"));
        var allIn = file / (double)count;
        var originals = blocks / (double)count;
        return new Result(count, written, allIn, freeBlocks * (double)BlockSize / count, originals, allIn - originals, columns.Sum(c => c.Bytes) / (double)count, raw, json,
            [.. columns.Select(c => new ColumnSize(c.Name, c.Bytes / (double)count, c.Compressions))]);
    }

    public static void Print(Result size)
    {
        Console.WriteLine($"  bytes on disk per flow ({size.Flows:N0} distinct simulator flows written through DuckDbFlowStore.AppendAsync in batches of 50,000 in {size.Written.TotalSeconds:N0} s, file size after CHECKPOINT):");
        Console.WriteLine($"    {size.AllInPerFlow:N1} all-in = {size.ColumnsPerFlow:N1} columns + {size.OriginalsPerFlow:N1} compressed originals (raw {size.RawOriginalPerFlow:N0}); of the columns {size.ColumnSegmentsPerFlow:N1} in flows' segments, {size.FreePerFlow:N1} free blocks; exporter JSON lines {size.ExporterJsonPerFlow:N0} = {size.ExporterJsonPerFlow / size.AllInPerFlow:N1}x all-in");
        Console.WriteLine("    per column (B/flow, DuckDB compression):");
        foreach (var column in size.Columns)
        {
            Console.WriteLine($"      {column.Column,-28} {column.BytesPerFlow,6:N2}  {column.Compressions}");
        }
    }
}
