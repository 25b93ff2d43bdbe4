namespace NetObs.Benchmarks.History;

/// <summary>
/// Sizes of the history benchmarks: flows stored for the queries, flows appended for the ingest rate, distinct flows
/// written for bytes on disk, and flows in the imported exporter file; <see cref="SizeOnly"/> runs only the
/// bytes-on-disk measure and <see cref="IngestOnly"/> stops after the ingest. With a store path the stored flows are
/// kept there after the run and reused by the next run that asks for as many. <see cref="ClickHouse"/> adds the ingest
/// into clickhouse-server processes the benchmark starts (skipped with one line when it is not installed).
/// </summary>
internal sealed record HistoryBenchOptions(long StoredFlows, long IngestFlows, int SizeFlows = 1_000_000, bool SizeOnly = false, bool IngestOnly = false, string? StorePath = null, long ImportFlows = 200_000, bool ClickHouse = true)
{
    public static HistoryBenchOptions Default { get; } = new(50_000_000, 500_000);
}
