namespace NetObs.Simulator.Buffer;

/// <summary>A node as the relay sees it: its names, its ring buffer and its counters.</summary>
public sealed class SimulatedNodeBuffer(int index, string name, string absoluteName, string address, int capacity)
{
    private long _seen;

    public int Index { get; } = index;

    /// <summary>The node name without the cluster, the `instance` label of its metrics.</summary>
    public string Name { get; } = name;

    /// <summary>`cluster/node` or `node`, as in flow.node_name.</summary>
    public string AbsoluteName { get; } = absoluteName;

    /// <summary>host:port of the node's Hubble server as the relay would dial it.</summary>
    public string Address { get; } = address;

    public FlowRingBuffer Ring { get; } = new(capacity);

    public long SeenFlows => Volatile.Read(ref _seen);

    public void CountSeen() => Volatile.Write(ref _seen, _seen + 1);
}
