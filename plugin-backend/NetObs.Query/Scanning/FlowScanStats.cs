namespace NetObs.Query.Scanning;

/// <summary>What one relay stream delivered: counts, time span, per-node counts and the relay's node problems.</summary>
public sealed record FlowScanStats(
    long Flows,
    long OldestNs,
    long NewestNs,
    IReadOnlyDictionary<string, long> FlowsPerNode,
    IReadOnlyList<string> NodeProblems,
    ulong LostEvents);
