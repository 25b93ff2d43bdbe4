namespace NetObs.Generator.Configuration;

/// <summary>Metadata of the <c>monitoring.coreos.com/v1</c> PrometheusRule object.</summary>
public sealed record PrometheusRuleSettings
{
    /// <summary>metadata.name of the object.</summary>
    [SettingPattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "a Kubernetes object name (lower case, digits and '-')")]
    public string Name { get; init; } = "";

    /// <summary>metadata.namespace; the operator's ruleNamespaceSelector must include it.</summary>
    [SettingPattern("^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "a Kubernetes namespace name")]
    public string Namespace { get; init; } = "";

    /// <summary>metadata.labels; the operator's ruleSelector must match them (kube-prometheus-stack wants release: NAME).</summary>
    public IReadOnlyDictionary<string, string> Labels { get; init; } = new Dictionary<string, string>();
}
