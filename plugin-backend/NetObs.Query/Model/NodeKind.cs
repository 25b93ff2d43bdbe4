namespace NetObs.Query.Model;

/// <summary>What a service-map node stands for; endpoints outside the cluster fall back to their reserved identity or DNS name.</summary>
public enum NodeKind
{
    Workload,
    Pod,
    Namespace,
    Identity,
}
