namespace NetObs.Generator.Configuration;

/// <summary>
/// A second NetObs data source, for a NetObs history server (docs/history.md): the same plugin at the history server's
/// address. Provisioned only when <see cref="Url"/> is set; dashboards reach it through the <c>netobs</c> variable.
/// </summary>
public sealed record HistoryDatasourceSettings
{
    /// <summary>The data source's name in Grafana.</summary>
    public string Name { get; init; } = "";

    /// <summary>The data source's uid in Grafana.</summary>
    [GrafanaUid]
    public string Uid { get; init; } = "";

    /// <summary>The history server's <c>--listen</c> address as host:port; empty provisions no history data source.</summary>
    public string Url { get; init; } = "";
}
