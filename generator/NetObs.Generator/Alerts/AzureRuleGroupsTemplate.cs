using NetObs.Generator.Configuration;

namespace NetObs.Generator.Alerts;

/// <summary>
/// The rule groups as <c>Microsoft.AlertsManagement/prometheusRuleGroups@2023-03-01</c> resources, one per group, with the
/// parameters az-prom-rules-converter uses (dashboards-and-alerts.md §6.1): workspace, cluster name, action group, location,
/// plus the optional cluster resource id that makes the groups show under the cluster's Alerts view.
/// </summary>
public static class AzureRuleGroupsTemplate
{
    public const string ArmFile = "alerts/azure-prometheus-rule-groups.json";
    public const string BicepFile = "alerts/azure-prometheus-rule-groups.bicep";
    public const string ResourceType = "Microsoft.AlertsManagement/prometheusRuleGroups";
    public const string ApiVersion = "2023-03-01";

    public static AzureTemplate Build(AlertCatalog catalog, GeneratorConfig config)
    {
        var azure = config.Alerts.Azure;
        var parameters = new List<AzureParameter>
        {
            new("azureMonitorWorkspaceResourceId", "string", "Resource id of the Azure Monitor workspace that holds the cluster's Prometheus metrics.", null),
            new("clusterName", "string", "The cluster label value of the cluster's metrics (the AKS cluster name unless cluster_alias is set).", null),
            new("clusterResourceId", "string", "Optional resource id of the AKS cluster; when set, the rule groups also appear under the cluster's Alerts view.", ""),
            new("actionGroupResourceId", "string", "Resource id of the action group the alerts notify.", null),
            new("location", "string", "Region of the rule groups: the Azure Monitor workspace's region.", new AzureExpression("resourceGroup().location", "resourceGroup().location")),
        };
        var scopes = new AzureExpression(
            "if(empty(parameters('clusterResourceId')), createArray(parameters('azureMonitorWorkspaceResourceId')), createArray(parameters('azureMonitorWorkspaceResourceId'), parameters('clusterResourceId')))",
            "empty(clusterResourceId) ? [azureMonitorWorkspaceResourceId] : [azureMonitorWorkspaceResourceId, clusterResourceId]");
        var resources = new List<AzureResource>();
        foreach (var group in catalog.PrometheusGroups)
        {
            var rules = new List<object?>();
            foreach (var recording in group.Recording)
            {
                rules.Add(new TreeMap { { "record", recording.Record }, { "expression", recording.Expr.Trim() }, { "enabled", true } });
            }

            foreach (var alert in group.Alerts)
            {
                rules.Add(new TreeMap
                {
                    { "alert", alert.Name },
                    { "expression", alert.Expression },
                    { "for", PrometheusDuration.ToIso8601(alert.Settings.For) },
                    { "severity", AzureSeverity(alert.Settings.Severity, azure.Severities) },
                    { "labels", TreeMap.From(alert.Labels) },
                    { "annotations", TreeMap.From(alert.Annotations) },
                    { "enabled", true },
                    { "resolveConfiguration", new TreeMap { { "autoResolved", true }, { "timeToResolve", PrometheusDuration.ToIso8601(azure.TimeToResolve) } } },
                    { "actions", new List<object?> { new TreeMap { { "actionGroupId", AzureExpression.Parameter("actionGroupResourceId") } } } },
                });
            }

            var prefix = $"{azure.RuleGroupPrefix}-{group.ShortName}-";
            resources.Add(new AzureResource(
                "ruleGroup" + char.ToUpperInvariant(group.ShortName[0]) + group.ShortName[1..],
                ResourceType,
                ApiVersion,
                new TreeMap
                {
                    { "name", new AzureExpression($"format('{prefix}{{0}}', parameters('clusterName'))", $"'{prefix}${{clusterName}}'") },
                    { "location", AzureExpression.Parameter("location") },
                    {
                        "properties", new TreeMap
                        {
                            { "description", $"NetObs: {group.Title}" },
                            { "scopes", scopes },
                            { "clusterName", AzureExpression.Parameter("clusterName") },
                            { "enabled", true },
                            { "interval", PrometheusDuration.ToIso8601(config.Alerts.EvaluationInterval) },
                            { "rules", rules },
                        }
                    },
                }));
        }

        return new AzureTemplate(parameters, resources);
    }

    private static int AzureSeverity(AlertSeverity severity, AzureSeverityLevels levels) => int.Parse(
        severity switch
        {
            AlertSeverity.Critical => levels.Critical,
            AlertSeverity.Warning => levels.Warning,
            _ => levels.Info,
        },
        System.Globalization.CultureInfo.InvariantCulture);
}
