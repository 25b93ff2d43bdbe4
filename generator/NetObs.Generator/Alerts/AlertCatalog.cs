namespace NetObs.Generator.Alerts;

/// <summary>Every alert and rule group after configuration; <see cref="AllAlerts"/> includes the ones not emitted (for runbooks).</summary>
public sealed record AlertCatalog(IReadOnlyList<AlertRuleGroup> Groups, IReadOnlyList<AlertRule> AllAlerts)
{
    /// <summary>The Prometheus rule groups (flow-based groups excluded) that have at least one rule.</summary>
    public IEnumerable<AlertRuleGroup> PrometheusGroups =>
        Groups.Where(g => !g.FlowBased && (g.Recording.Count > 0 || g.Alerts.Count > 0));
}
