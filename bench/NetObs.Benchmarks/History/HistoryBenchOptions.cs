namespace NetObs.Benchmarks.History;

/// <summary>Sizes of the history benchmarks: flows stored for the queries, flows appended for the ingest rate, and whether to stop after the ingest.</summary>
internal sealed record HistoryBenchOptions(long StoredFlows, long IngestFlows, bool IngestOnly = false)
{
    public static HistoryBenchOptions Default { get; } = new(50_000_000, 500_000);
}
