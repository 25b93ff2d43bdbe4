using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>One side of a conversation: a pod, a node's host, the world or the API server.</summary>
public sealed class Peer
{
    public required Endpoint Endpoint { get; init; }

    public required string Ip { get; init; }

    /// <summary>The node where this peer's packets are observed; null for peers outside the cluster.</summary>
    public SimulatedNode? Node { get; init; }

    public NetworkInterface? Interface { get; init; }

    public Service? Service { get; init; }

    /// <summary>DNS names Hubble knows for the IP (flow.source_names / destination_names).</summary>
    public IReadOnlyList<string> Names { get; init; } = [];

    /// <summary>Only pods have a datapath of their own where Hubble traces packets.</summary>
    public bool IsPod { get; init; }

    public static Peer Of(SimulatedPod pod, Service? service = null) => new()
    {
        Endpoint = pod.Endpoint,
        Ip = pod.Ip,
        Node = pod.Node,
        Interface = pod.Interface,
        Service = service,
        IsPod = true,
    };
}
