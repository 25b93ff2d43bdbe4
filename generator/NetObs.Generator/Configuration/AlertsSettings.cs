namespace NetObs.Generator.Configuration;

/// <summary>The alert-rule section of the configuration: selectors, windows, per-rule thresholds and the per-target options.</summary>
public sealed record AlertsSettings
{
    /// <summary>Where each alert's runbook_url points: this base plus the alert name and <c>.md</c>.</summary>
    public string RunbookBaseUrl { get; init; } = "";

    /// <summary>Labels added to every alert (for routing), e.g. team: platform.</summary>
    public IReadOnlyDictionary<string, string> ExtraLabels { get; init; } = new Dictionary<string, string>();

    /// <summary>Prepended to every alert name (CamelCase), e.g. Acns; the whole name stays within 40 characters.</summary>
    [SettingPattern("^([A-Z][A-Za-z0-9]*)?$", "empty or a CamelCase word such as Acns")]
    public string NamePrefix { get; init; } = "";

    /// <summary>The clusters the rules watch (a Prometheus regex on the cluster label); <c>.*</c> adds no matcher.</summary>
    [RegexSetting]
    public string ClusterRegex { get; init; } = "";

    /// <summary>The namespaces the pod-level rules watch (a Prometheus regex); <c>.*</c> adds no matcher.</summary>
    [RegexSetting]
    public string NamespaceRegex { get; init; } = "";

    /// <summary>The range of every rate() in the rules and recording rules, e.g. 5m.</summary>
    [SettingPattern("^[0-9]+[smh]$", "a Prometheus duration such as 5m")]
    public string RateWindow { get; init; } = "";

    /// <summary>How often the rule groups are evaluated, e.g. 1m.</summary>
    [SettingPattern("^[0-9]+[smh]$", "a Prometheus duration such as 1m")]
    public string EvaluationInterval { get; init; } = "";

    /// <summary>Per-alert switches and thresholds.</summary>
    public AlertRulesSettings Rules { get; init; } = new();

    /// <summary>The Prometheus Operator's PrometheusRule object.</summary>
    public PrometheusRuleSettings PrometheusRule { get; init; } = new();

    /// <summary>Azure Managed Prometheus rule groups (ARM and Bicep).</summary>
    public AzureAlertSettings Azure { get; init; } = new();

    /// <summary>Grafana-managed alert provisioning.</summary>
    public GrafanaAlertSettings Grafana { get; init; } = new();
}
