namespace NetObs.Benchmarks.History;

/// <summary>
/// Sizes of the history benchmarks: flows stored for the queries, and flows appended for the ingest rate. With a
/// store path the stored flows are kept there after the run and reused by the next run that asks for as many.
/// </summary>
internal sealed record HistoryBenchOptions(long StoredFlows, long IngestFlows, string? StorePath = null)
{
    public static HistoryBenchOptions Default { get; } = new(50_000_000, 500_000);
}
