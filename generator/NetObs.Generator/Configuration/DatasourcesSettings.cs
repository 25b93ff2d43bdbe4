namespace NetObs.Generator.Configuration;

/// <summary>The two data sources the dashboards query: Prometheus for metrics, NetObs for flows.</summary>
public sealed record DatasourcesSettings
{
    public DatasourceSettings Prometheus { get; init; } = new();

    public DatasourceSettings Netobs { get; init; } = new();
}
