namespace NetObs.Benchmarks.History;

/// <summary>Sizes of the history benchmarks: flows stored for the queries, and flows appended for the ingest rate.</summary>
internal sealed record HistoryBenchOptions(long StoredFlows, long IngestFlows)
{
    public static HistoryBenchOptions Default { get; } = new(50_000_000, 500_000);
}
