namespace NetObs.Testing.Plugin;

/// <summary>The environment Grafana gives a backend plugin it starts (grafana-plugin-protocol.md §1.3).</summary>
public static class GrafanaLaunchEnvironment
{
    /// <summary>go-plugin's magic cookie: Grafana's handshake config sets this key and value.</summary>
    public const string MagicCookieKey = "grafana_plugin_type";

    /// <summary>The value of <see cref="MagicCookieKey"/> for data source plugins.</summary>
    public const string MagicCookieValue = "datasource";

    /// <summary>The Grafana version the harness pretends to be.</summary>
    public const string GrafanaVersion = "12.0.2";

    /// <summary>A fresh copy, so a test can remove or change one entry: the magic cookie, the offered protocol
    /// version (Grafana speaks only 2) and go-plugin's port range.</summary>
    public static Dictionary<string, string?> Create() => new(StringComparer.Ordinal)
    {
        [MagicCookieKey] = MagicCookieValue,
        ["PLUGIN_PROTOCOL_VERSIONS"] = "2",
        ["PLUGIN_MIN_PORT"] = "10000",
        ["PLUGIN_MAX_PORT"] = "25000",
        ["GF_VERSION"] = GrafanaVersion,
        ["GF_PLUGIN_VERSION"] = "",
    };
}
