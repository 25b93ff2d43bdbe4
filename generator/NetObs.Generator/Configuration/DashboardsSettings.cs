namespace NetObs.Generator.Configuration;

/// <summary>Identity and placement of the generated dashboards.</summary>
public sealed record DashboardsSettings
{
    /// <summary>Prepended to each dashboard's short name to form its uid (at most 40 characters in all).</summary>
    [GrafanaUid]
    public string UidPrefix { get; init; } = "";

    /// <summary>The Grafana folder the provisioning provider puts the dashboards in.</summary>
    public string Folder { get; init; } = "";

    /// <summary>The folder on the Grafana host the dashboard provider reads (where DIR/dashboards is copied).</summary>
    public string ProvisioningPath { get; init; } = "";

    /// <summary>Tags on every dashboard; the first one also drives the links bar.</summary>
    [NonEmpty]
    public IReadOnlyList<string> Tags { get; init; } = [];

    /// <summary>Grafana's root URL for absolute links (alerts, runbooks); empty writes relative links.</summary>
    [SettingPattern(@"^(https?://[^\s]+[^/\s])?$", "empty or an http(s) URL without a trailing slash")]
    public string LinksBaseUrl { get; init; } = "";

    /// <summary>The documentation link in each dashboard's links bar.</summary>
    public string DocumentationUrl { get; init; } = "";
}
