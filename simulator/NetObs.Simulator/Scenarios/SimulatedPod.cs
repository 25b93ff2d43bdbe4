using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>A pod with its prebuilt Hubble endpoint, shared read-only by every flow it appears in.</summary>
public sealed class SimulatedPod
{
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    public required string Workload { get; init; }

    public required string WorkloadKind { get; init; }

    public required string App { get; init; }

    public required SimulatedNode Node { get; init; }

    public required string Ip { get; init; }

    public required Endpoint Endpoint { get; init; }

    public required NetworkInterface Interface { get; init; }

    /// <summary>`namespace/pod`, as Hubble's `pod` metric context writes it.</summary>
    public string QualifiedName => $"{Namespace}/{Name}";
}
