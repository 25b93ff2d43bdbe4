namespace NetObs.Generator.Configuration;

/// <summary>How series name their cluster, and which cluster the dashboards open on.</summary>
public sealed record ClusterSettings
{
    /// <summary>The label every series carries with the cluster name (Azure Managed Prometheus adds <c>cluster</c>).</summary>
    [PrometheusLabelName]
    public string Label { get; init; } = "";

    /// <summary>The value the cluster variable starts on; empty selects the first cluster found.</summary>
    public string Default { get; init; } = "";
}
