namespace NetObs.History.Storage;

/// <summary>
/// Counts flows per (cluster, node) for a read whose limit applies to each node (<see cref="FlowReadRequest.LimitPerNode"/>),
/// and tells when every node that can match has reached it, so a read can stop early.
/// </summary>
internal sealed class PerNodeLimit(int limit, int? matchingNodes)
{
    private readonly Dictionary<(string Cluster, string Node), int> _counts = [];
    private int _full;

    /// <summary>True once each of the nodes with matching flows has its limit (never when their number is unknown).</summary>
    public bool AllFull => matchingNodes is { } nodes && _full >= nodes;

    /// <summary>Counts the flow and returns true when its node is still under the limit.</summary>
    public bool Take(StoredFlow flow)
    {
        var key = (flow.Cluster, flow.Node);
        var count = _counts.GetValueOrDefault(key);
        if (count >= limit)
        {
            return false;
        }

        _counts[key] = ++count;
        if (count == limit)
        {
            _full++;
        }

        return true;
    }
}
