using System.Reflection;
using System.Text.RegularExpressions;
using NetObs.Generator.Configuration;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;
using YamlDotNet.Core;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace NetObs.Generator.Alerts;

/// <summary>
/// Renders every template under alerts/groups/ into rule-group definitions and applies the configuration:
/// names, thresholds, guards, severities, labels and annotations. Every output format is written from this one catalog.
/// </summary>
public sealed partial class AlertCatalogBuilder
{
    public const string GroupsFolder = TemplateRoots.Alerts + "/groups";

    private static readonly IDeserializer Deserializer = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .Build();

    public AlertCatalog Build(GenerationContext context, CancellationToken cancellationToken)
    {
        var config = context.Config;
        var settings = RuleSettings(config.Alerts.Rules);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var groups = new List<AlertRuleGroup>();
        var all = new List<AlertRule>();
        var errors = new List<string>();
        foreach (var templatePath in context.Renderer.Catalog.Under(GroupsFolder))
        {
            var model = context.NewModel();
            AlertTemplateModel.AddTo(model, config);
            var definition = Parse(context.Renderer.Render(templatePath, model, cancellationToken), templatePath);
            var rules = new List<AlertRule>();
            foreach (var alert in definition.Alerts)
            {
                if (!settings.TryGetValue(alert.Rule, out var ruleSettings))
                {
                    errors.Add($"{templatePath}: the alert '{alert.Rule}' has no entry under alerts.rules; add a property for it to {nameof(AlertRulesSettings)} and a default to defaults.yaml.");
                    continue;
                }

                if (!seen.Add(alert.Rule))
                {
                    errors.Add($"{templatePath}: the alert '{alert.Rule}' is defined twice; keep one definition.");
                    continue;
                }

                var rule = Resolve(alert, ruleSettings, config, templatePath, errors);
                all.Add(rule);
                if (rule.Emitted)
                {
                    rules.Add(rule);
                }
            }

            groups.Add(new AlertRuleGroup($"netobs-{definition.Name}", definition.Name, definition.Title, definition.FlowBased, definition.Recording, rules));
        }

        foreach (var missing in settings.Keys.Where(k => !seen.Contains(k)).Order(StringComparer.Ordinal))
        {
            errors.Add($"alerts.rules.{missing}: no template under {GroupsFolder}/ defines this alert; remove the setting or add the alert.");
        }

        return errors.Count == 0 ? new AlertCatalog(groups, all) : throw new TemplateException(errors);
    }

    /// <summary>The configured settings by YAML key (camelCase property name).</summary>
    private static Dictionary<string, AlertRuleSettings> RuleSettings(AlertRulesSettings rules) =>
        typeof(AlertRulesSettings).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.PropertyType == typeof(AlertRuleSettings))
            .ToDictionary(p => char.ToLowerInvariant(p.Name[0]) + p.Name[1..], p => (AlertRuleSettings)p.GetValue(rules)!, StringComparer.Ordinal);

    private static RuleGroupDefinition Parse(string text, string templatePath)
    {
        try
        {
            return Deserializer.Deserialize<RuleGroupDefinition>(text) ?? throw new TemplateException([$"{templatePath}: the template rendered an empty document."]);
        }
        catch (YamlException e)
        {
            throw new TemplateException([$"{templatePath}: the rendered definition is not valid at output line {e.Start.Line}, column {e.Start.Column}: {e.InnerException?.Message ?? e.Message}"]);
        }
    }

    private static AlertRule Resolve(AlertDefinition alert, AlertRuleSettings settings, GeneratorConfig config, string templatePath, List<string> errors)
    {
        var name = config.Alerts.NamePrefix + char.ToUpperInvariant(alert.Rule[0]) + alert.Rule[1..];
        if (name.Length > 40 || !CamelCase().IsMatch(name))
        {
            errors.Add($"{templatePath}: the alert name '{name}' must be CamelCase and at most 40 characters; shorten alerts.namePrefix.");
        }

        if (alert.Summary.Contains("[[", StringComparison.Ordinal) || !alert.Summary.EndsWith('.') || !char.IsUpper(alert.Summary[0]))
        {
            errors.Add($"{templatePath}: the summary of '{alert.Rule}' must be static text starting with a capital and ending with a period, not '{alert.Summary}'.");
        }

        if (alert.Flows is null && alert.Value.Length == 0)
        {
            errors.Add($"{templatePath}: the alert '{alert.Rule}' needs either a PromQL 'value' or a 'flows' query.");
        }

        var labels = new List<KeyValuePair<string, string>> { new("severity", settings.Severity.ToString().ToLowerInvariant()) };
        labels.AddRange(config.Alerts.ExtraLabels.Where(l => l.Key != "severity").OrderBy(l => l.Key, StringComparer.Ordinal));
        var annotations = new List<KeyValuePair<string, string>>
        {
            new("summary", alert.Summary.Trim()),
            new("description", PrometheusTemplate(alert.Description.Trim())),
            new("runbook_url", config.Alerts.RunbookBaseUrl + name + ".md"),
            new("dashboard_url", DashboardUrl(alert.Dashboard, config)),
        };
        return new AlertRule
        {
            Name = name,
            Definition = alert,
            Settings = settings,
            Expression = alert.Flows is null ? PromQlCondition.Alerting(alert.Value, settings.Threshold, alert.Guard, settings.MinRate) : "",
            Query = alert.Flows is null ? PromQlCondition.Query(alert.Value, alert.Guard, settings.MinRate) : "",
            Labels = labels,
            Annotations = annotations,
        };
    }

    /// <summary>The generated dashboard with its variables filled from the alert's labels (URL-encoded by the template engine at alert time).</summary>
    private static string DashboardUrl(DashboardLink link, GeneratorConfig config)
    {
        var url = $"{config.Dashboards.LinksBaseUrl}/d/{config.Dashboards.UidPrefix}{link.Name}";
        var query = string.Join("&", link.Vars.Select(v => $"var-{v.Key}={{{{ $labels.{v.Value} | urlquery }}}}"));
        return query.Length == 0 ? url : $"{url}?{query}";
    }

    /// <summary>Templates write Prometheus templating as [[ ... ]] because Scriban owns {{ }}.</summary>
    public static string PrometheusTemplate(string text) =>
        text.Replace("[[", "{{", StringComparison.Ordinal).Replace("]]", "}}", StringComparison.Ordinal);

    [GeneratedRegex("^[A-Z][a-z0-9]+(?:[A-Z0-9][a-z0-9]*)*$")]
    private static partial Regex CamelCase();
}
