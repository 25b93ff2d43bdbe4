namespace NetObs.Generator.Configuration;

/// <summary>The whole generator configuration: the root of the YAML file, one section per concern.</summary>
public sealed record GeneratorConfig
{
    public ClusterSettings Cluster { get; init; } = new();

    public DatasourcesSettings Datasources { get; init; } = new();

    /// <summary>Which node-level metric families the dashboards query.</summary>
    public Dataplane Dataplane { get; init; } = Dataplane.Both;

    public SelectorSettings Selectors { get; init; } = new();

    public TimeSettings Time { get; init; } = new();

    public DashboardsSettings Dashboards { get; init; } = new();

    /// <summary>Alert rules (Prometheus, PrometheusRule, Azure, Grafana-managed): their own section and file.</summary>
    public AlertsSettings Alerts { get; init; } = new();
}
