namespace NetObs.Generator.Configuration;

/// <summary>The data sources the dashboards query: Prometheus for metrics, NetObs for flows (from a relay, and optionally a history server).</summary>
public sealed record DatasourcesSettings
{
    public DatasourceSettings Prometheus { get; init; } = new();

    public DatasourceSettings Netobs { get; init; } = new();

    public HistoryDatasourceSettings History { get; init; } = new();
}
