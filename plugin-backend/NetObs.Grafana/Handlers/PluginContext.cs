namespace NetObs.Grafana;

/// <summary>Who and what a call is about: organisation, user (absent for alerting), and the data source's settings.</summary>
public sealed record PluginContext
{
    public long OrgId { get; init; }

    public string PluginId { get; init; } = "";

    /// <summary>The signed-in user; null for calls Grafana makes itself, such as alert evaluation.</summary>
    public GrafanaUser? User { get; init; }

    /// <summary>Settings of the data source instance the call targets; null for plugin-level calls.</summary>
    public DataSourceSettings? DataSource { get; init; }

    /// <summary>Grafana's per-request configuration (GF_APP_URL, GF_SQL_ROW_LIMIT, ...; Grafana 10.2+).</summary>
    public IReadOnlyDictionary<string, string> GrafanaConfig { get; init; } = new Dictionary<string, string>();

    public string PluginVersion { get; init; } = "";

    public string UserAgent { get; init; } = "";
}

/// <summary>A Grafana user as the plugin sees it.</summary>
public sealed record GrafanaUser(string Login, string Name, string Email, string Role);

/// <summary>The configuration of one data source instance, as saved in Grafana (secrets already decrypted).</summary>
public sealed record DataSourceSettings
{
    public string Uid { get; init; } = "";

    public long Id { get; init; }

    public string Name { get; init; } = "";

    public string Url { get; init; } = "";

    public string User { get; init; } = "";

    public string Database { get; init; } = "";

    public bool BasicAuthEnabled { get; init; }

    public string BasicAuthUser { get; init; } = "";

    /// <summary>The raw <c>jsonData</c> object; empty when the data source has none.</summary>
    public ReadOnlyMemory<byte> JsonData { get; init; }

    public IReadOnlyDictionary<string, string> DecryptedSecureJsonData { get; init; } = new Dictionary<string, string>();

    /// <summary>When the settings last changed (Unix ms); a new value means a new instance.</summary>
    public long LastUpdatedMs { get; init; }

    public string ApiVersion { get; init; } = "";
}
