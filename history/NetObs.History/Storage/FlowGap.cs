namespace NetObs.History.Storage;

/// <summary>
/// Flows that are known to be missing from the store, kept as data so that users see them: which cluster and
/// node (empty when the whole cluster is affected), the time range in nanoseconds, how many flows if known
/// (0 when unknown), why, and a sentence for the user.
/// </summary>
public sealed record FlowGap(string Cluster, string Node, long FromNs, long UntilNs, long Count, FlowGapReason Reason, string Detail);

/// <summary>Why flows are missing.</summary>
public enum FlowGapReason
{
    /// <summary>The relay could not be reached; flows it no longer had when it came back are lost.</summary>
    RelayUnavailable = 1,

    /// <summary>The relay or a node reported lost events (its ring buffer overflowed, or a node was unavailable).</summary>
    LostEvents = 2,

    /// <summary>The history server had to drop flows it could not write (store down, disk full, buffer bound reached).</summary>
    DroppedWrites = 3,

    /// <summary>An import skipped lines that could not be read as flows.</summary>
    ImportSkipped = 4,
}
