namespace NetObs.Generator.Configuration;

/// <summary>Which nodes, namespaces and workloads the variables offer, and how pods map to workloads.</summary>
public sealed record SelectorSettings
{
    /// <summary>The label that carries the node name on Hubble and node-level series.</summary>
    [PrometheusLabelName]
    public string NodeLabel { get; init; } = "";

    /// <summary>Namespaces offered by the namespace variable (a Prometheus regex, fully anchored).</summary>
    [RegexSetting]
    public string NamespaceRegex { get; init; } = "";

    /// <summary>Workloads offered by the workload variable (a Prometheus regex, fully anchored).</summary>
    [RegexSetting]
    public string WorkloadRegex { get; init; } = "";

    /// <summary>What follows the owner name in a pod name: ReplicaSet hash and pod suffix, or a StatefulSet ordinal.</summary>
    [RegexSetting]
    public string WorkloadPodSuffix { get; init; } = "";
}
