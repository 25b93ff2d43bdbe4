using NetObs.Generator.Configuration;

namespace NetObs.Generator.Alerts;

/// <summary>An alert with its configuration applied: final name, PromQL condition, labels and annotations.</summary>
public sealed record AlertRule
{
    /// <summary>The alert name: the configured prefix plus the rule key in CamelCase.</summary>
    public required string Name { get; init; }

    public required AlertDefinition Definition { get; init; }

    public required AlertRuleSettings Settings { get; init; }

    /// <summary>The Prometheus alerting expression: value compared with the threshold, and the guard with minRate.</summary>
    public required string Expression { get; init; }

    /// <summary>The same condition without the threshold comparison, for Grafana's query + reduce + threshold chain.</summary>
    public required string Query { get; init; }

    /// <summary>severity first, then the configured extra labels in key order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Labels { get; init; }

    /// <summary>summary, description, runbook_url, dashboard_url, in that order.</summary>
    public required IReadOnlyList<KeyValuePair<string, string>> Annotations { get; init; }

    public bool FlowBased => Definition.Flows is not null;

    /// <summary>Written into rule files: enabled in the configuration and meaningful for the configured data plane.</summary>
    public bool Emitted => Settings.Enabled && Definition.Applies;

    public string Severity => Settings.Severity.ToString().ToLowerInvariant();
}
