namespace NetObs.Query.Streaming;

/// <summary>Batching of the live tail: flows per batch, how long to wait for a batch to fill, and how many batches may wait.</summary>
public sealed record LiveTailOptions(int MaxBatch, TimeSpan FlushInterval, int MaxPendingBatches)
{
    public static LiveTailOptions Default { get; } = new(200, TimeSpan.FromMilliseconds(250), 4);
}
