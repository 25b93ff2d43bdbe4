namespace NetObs.Generator.Configuration;

/// <summary>Options of the Azure Managed Prometheus rule groups (dashboards-and-alerts.md §6.1).</summary>
public sealed record AzureAlertSettings
{
    /// <summary>Each rule group's resource name is this prefix, the group's short name and the cluster name.</summary>
    [SettingPattern("^[A-Za-z0-9][A-Za-z0-9_.-]{0,40}$", "letters, digits, '.', '_' and '-', such as NetObs")]
    public string RuleGroupPrefix { get; init; } = "";

    /// <summary>Azure's numeric severity (0 Critical … 4 Verbose) for each severity label.</summary>
    public AzureSeverityLevels Severities { get; init; } = new();

    /// <summary>How long a resolved condition must stay resolved before Azure closes the alert, e.g. 10m.</summary>
    [SettingPattern("^[0-9]+[smh]$", "a Prometheus duration such as 10m")]
    public string TimeToResolve { get; init; } = "";
}
