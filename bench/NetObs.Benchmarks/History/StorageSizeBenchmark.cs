using System.Globalization;
using System.Text;
using Google.Protobuf;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Bytes on disk per flow of a DuckDB file: all-in (the file after a checkpoint), the compressed originals alone,
/// the columns (the rest), against the JSON lines Cilium's exporter would write for the same flows.
/// </summary>
internal static class StorageSizeBenchmark
{
    public sealed record Result(long Flows, double AllInPerFlow, double OriginalsPerFlow, double ColumnsPerFlow, double RawOriginalPerFlow, double ExporterJsonPerFlow,
        IReadOnlyList<(string Column, double BytesPerFlow)> LargestColumns);

    // Segment sizes from DuckDB's storage_info: a segment runs from its offset to the next segment of the same block
    // (or the block's end, 256 KiB). Strings spilled to overflow blocks are not counted, so this is a lower bound per column.
    private const string ColumnSizes = """
        WITH s AS (SELECT column_name, block_id, block_offset FROM pragma_storage_info('flows') WHERE persistent AND block_id >= 0),
             o AS (SELECT column_name, coalesce(lead(block_offset) OVER (PARTITION BY block_id ORDER BY block_offset), 262144) - block_offset AS bytes FROM s)
        SELECT column_name, sum(bytes)::BIGINT FROM o GROUP BY column_name ORDER BY 2 DESC LIMIT 8
        """;

    public static async Task<Result> MeasureAsync(string path, SimulatorFlowSet flows)
    {
        long count = 0, blocks = 0;
        var columns = new List<(string, long)>();
        await using (var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None))
        {
            await foreach (var row in store.QueryRowsAsync("CHECKPOINT", CancellationToken.None))
            {
            }

            await foreach (var row in store.QueryRowsAsync("SELECT (SELECT count(*) FROM flows), (SELECT sum(octet_length(originals))::BIGINT FROM flow_blocks)", CancellationToken.None))
            {
                count = Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
                blocks = Convert.ToInt64(row[1], CultureInfo.InvariantCulture);
            }

            await foreach (var row in store.QueryRowsAsync(ColumnSizes, CancellationToken.None))
            {
                columns.Add(((string)row[0]!, Convert.ToInt64(row[1], CultureInfo.InvariantCulture)));
            }
        }

        var file = new FileInfo(path).Length + (File.Exists(path + ".wal") ? new FileInfo(path + ".wal").Length : 0);
        var raw = flows.Flows.Average(f => (double)f.CalculateSize());

        // The exporter's line: {"flow":{…},"node_name":…,"time":…}, flow fields as protojson with proto names.
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
        var sample = flows.Flows.Take(20_000).ToList();
        var json = sample.Average(f => (double)Encoding.UTF8.GetByteCount(
            "{\"flow\":" + formatter.Format(f) + ",\"node_name\":\"" + f.NodeName + "\",\"time\":\"" + f.Time?.ToDateTime().ToString("O", CultureInfo.InvariantCulture) + "\"}\n"));
        var allIn = file / (double)count;
        var originals = blocks / (double)count;
        return new Result(count, allIn, originals, allIn - originals, raw, json, [.. columns.Select(c => (c.Item1, c.Item2 / (double)count))]);
    }
}
