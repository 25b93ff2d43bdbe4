namespace NetObs.History.Storage;

/// <summary>What a store holds, for ServerStatus, GetNodes and GetNamespaces; times in nanoseconds, 0 when empty.</summary>
public sealed record StoreSummary(
    long OldestNs,
    long NewestNs,
    long FlowCount,
    IReadOnlyList<ClusterSummary> Clusters,
    IReadOnlyList<NodeSummary> Nodes,
    IReadOnlyList<NamespaceSummary> Namespaces);

/// <summary>Flows stored for one cluster.</summary>
public sealed record ClusterSummary(string Cluster, long FlowCount, long OldestNs, long NewestNs);

/// <summary>Flows stored for one node of one cluster.</summary>
public sealed record NodeSummary(string Cluster, string Node, long FlowCount, long OldestNs, long NewestNs);

/// <summary>A namespace seen as the source or destination of a stored flow in one cluster.</summary>
public sealed record NamespaceSummary(string Cluster, string Namespace);
