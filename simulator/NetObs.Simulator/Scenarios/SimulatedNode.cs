using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>A cluster node: its Hubble names, its address and the reserved endpoints seen on it.</summary>
public sealed class SimulatedNode
{
    public SimulatedNode(int index, string name, string clusterName)
    {
        Index = index;
        Name = name;
        // Hubble prefixes the cluster only when it is not the default one (hubble-api.md §5.3).
        AbsoluteName = clusterName == "default" ? name : $"{clusterName}/{name}";
        InternalIp = $"10.224.0.{4 + index}";
        PodCidrPrefix = $"10.244.{index}.";
        Labels =
        [
            $"kubernetes.io/hostname={name}",
            "kubernetes.io/os=linux",
            "kubernetes.azure.com/agentpool=nodepool1",
            $"topology.kubernetes.io/zone=eastus-{1 + (index % 3)}",
        ];
        Host = new Endpoint { ID = 0, Identity = 1, Labels = { "reserved:host" } };
        RemoteNode = new Endpoint { Identity = 6, Labels = { "reserved:remote-node" } };
        Health = new Endpoint { ID = (uint)(100 + index), Identity = 4, Labels = { "reserved:health" } };
        HealthIp = $"10.244.{index}.2";
    }

    public int Index { get; }

    public string Name { get; }

    /// <summary>`cluster/node`, or just `node` in the default cluster: what flows carry in node_name.</summary>
    public string AbsoluteName { get; }

    public string InternalIp { get; }

    public string PodCidrPrefix { get; }

    public IReadOnlyList<string> Labels { get; }

    public Endpoint Host { get; }

    public Endpoint RemoteNode { get; }

    public Endpoint Health { get; }

    public string HealthIp { get; }
}
