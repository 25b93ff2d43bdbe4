namespace NetObs.Generator.Configuration;

/// <summary>One data source: how dashboards refer to it and where provisioning points it.</summary>
public sealed record DatasourceSettings
{
    /// <summary>The data source's name in Grafana (provisioning and the variable's default).</summary>
    public string Name { get; init; } = "";

    /// <summary>The data source's uid in Grafana (provisioning, and panels when <see cref="AsVariable"/> is false).</summary>
    [GrafanaUid]
    public string Uid { get; init; } = "";

    /// <summary>When true, panels use a data source variable so one dashboard serves every instance.</summary>
    public bool AsVariable { get; init; }

    /// <summary>The URL written into the provisioning file (a placeholder to replace by default).</summary>
    public string Url { get; init; } = "";
}
