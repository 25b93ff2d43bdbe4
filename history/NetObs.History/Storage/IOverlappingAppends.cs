namespace NetObs.History.Storage;

/// <summary>
/// A store that takes the next batch while the previous one commits, so that the commit's work (for DuckDB, compressing
/// and writing the row group) and the next batch's rows use both cores instead of taking turns on one.
/// </summary>
/// <remarks>
/// Batches become durable in the order they were staged, and a batch staged behind one that fails is not committed
/// either (its task faults), so a crash never leaves a later batch stored behind an earlier one that was lost: a
/// follower resumes after the newest stored flow, and would otherwise skip the lost batch for good.
/// </remarks>
public interface IOverlappingAppends
{
    /// <summary>
    /// Writes <paramref name="flows"/> into an open transaction and returns once the rows are written, with a task that
    /// completes when the batch is durable, or faults when it was not stored (it may then be written again).
    /// </summary>
    /// <exception cref="FlowStoreException">The rows could not be written; nothing of the batch is stored.</exception>
    Task<Task> StageAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken);
}
