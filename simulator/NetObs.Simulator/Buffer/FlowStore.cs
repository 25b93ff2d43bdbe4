namespace NetObs.Simulator.Buffer;

/// <summary>The relay's view of the cluster: every node's ring buffer, and a signal for new data.</summary>
public sealed class FlowStore
{
    public FlowStore(IReadOnlyList<SimulatedNodeBuffer> nodes, string clusterName, long uptimeOriginUnixNanos)
    {
        Nodes = nodes;
        ClusterName = clusterName;
        UptimeOriginUnixNanos = uptimeOriginUnixNanos;
    }

    public IReadOnlyList<SimulatedNodeBuffer> Nodes { get; }

    public string ClusterName { get; }

    /// <summary>When the simulated agents started: the start minus any back-filled history.</summary>
    public long UptimeOriginUnixNanos { get; }

    public ArrivalSignal Arrivals { get; } = new();
}
