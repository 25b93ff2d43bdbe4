namespace NetObs.Benchmarks.History;

/// <summary>Sizes of the history benchmarks: flows stored for the queries, flows appended for the ingest rate, and flows in the imported exporter file.</summary>
internal sealed record HistoryBenchOptions(long StoredFlows, long IngestFlows, long ImportFlows = 200_000)
{
    public static HistoryBenchOptions Default { get; } = new(50_000_000, 500_000);
}
