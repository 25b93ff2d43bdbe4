using NetObs.Generator.Configuration;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;
using Scriban.Runtime;

namespace NetObs.Generator.Alerts;

/// <summary>
/// Renders one Markdown runbook per alert (alerts/runbook.md.sbn) and an index (alerts/runbooks-index.md.sbn) from the
/// same definitions as the rules, so a changed threshold or panel shows up in the runbook too.
/// </summary>
public static class RunbookPages
{
    public const string OutputFolder = "alerts/runbooks";
    public const string PageTemplate = TemplateRoots.Alerts + "/runbook.md.sbn";
    public const string IndexTemplate = TemplateRoots.Alerts + "/runbooks-index.md.sbn";

    /// <summary>The guide's use cases, in the order the index lists them, plus the metrics pipeline they all depend on.</summary>
    public static IReadOnlyList<(string Key, string Title)> UseCases { get; } =
    [
        ("dns", "DNS resolution failures"),
        ("drops", "Packet drops and network policy"),
        ("tcp", "TCP connection problems: resets and unanswered SYNs"),
        ("nodes", "Node and interface health"),
        ("l7", "Application-layer (L7) errors: HTTP, gRPC, Kafka"),
        ("pipeline", "The observability pipeline itself"),
    ];

    /// <summary>Dashboard titles by short name (the uid without the prefix), as the dashboard templates set them.</summary>
    public static IReadOnlyDictionary<string, string> DashboardTitles { get; } = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["clusters"] = "Kubernetes / Networking / Clusters",
        ["dns-cluster"] = "Kubernetes / Networking / DNS (Cluster)",
        ["dns-workload"] = "Kubernetes / Networking / DNS (Workload)",
        ["drops-workload"] = "Kubernetes / Networking / Drops (Workload)",
        ["pod-flows-namespace"] = "Kubernetes / Networking / Pod Flows (Namespace)",
        ["pod-flows-workload"] = "Kubernetes / Networking / Pod Flows (Workload)",
        ["l7-namespace"] = "Kubernetes / Networking / L7 Flows (Namespace)",
        ["l7-workload"] = "Kubernetes / Networking / L7 Flows (Workload)",
    };

    public static IEnumerable<GeneratedFile> Render(AlertCatalog catalog, GenerationContext context, CancellationToken cancellationToken)
    {
        foreach (var alert in catalog.AllAlerts)
        {
            var model = context.NewModel();
            model["runbook"] = PageModel(alert, catalog, context.Config);
            yield return new GeneratedFile($"{OutputFolder}/{alert.Name}.md", Normalize(context.Renderer.Render(PageTemplate, model, cancellationToken)));
        }

        var index = context.NewModel();
        index["use_cases"] = new ScriptArray(UseCases.Select(u => new ScriptObject
        {
            ["title"] = u.Title,
            ["alerts"] = new ScriptArray(catalog.AllAlerts.Where(a => a.Definition.Runbook.UseCase == u.Key).Select(a => new ScriptObject
            {
                ["name"] = a.Name,
                ["summary"] = a.Definition.Summary,
                ["severity"] = a.Severity,
                ["source"] = a.FlowBased ? "flows (Grafana)" : "metrics",
            })),
        }));
        yield return new GeneratedFile($"{OutputFolder}/README.md", Normalize(context.Renderer.Render(IndexTemplate, index, cancellationToken)));
    }

    private static ScriptObject PageModel(AlertRule alert, AlertCatalog catalog, GeneratorConfig config)
    {
        var definition = alert.Definition;
        var useCase = UseCases.FirstOrDefault(u => u.Key == definition.Runbook.UseCase);
        if (useCase.Key is null)
        {
            throw new TemplateException([$"{AlertCatalogBuilder.GroupsFolder}: the runbook of '{definition.Rule}' names the use case '{definition.Runbook.UseCase}'; use one of {string.Join(", ", UseCases.Select(u => u.Key))}."]);
        }

        var group = catalog.Groups.FirstOrDefault(g => g.Alerts.Contains(alert));
        return new ScriptObject
        {
            ["name"] = alert.Name,
            ["severity"] = alert.Severity,
            ["for"] = alert.Settings.For,
            ["threshold"] = YamlTreeWriter.FormatNumber(alert.Settings.Threshold),
            ["min_rate"] = YamlTreeWriter.FormatNumber(alert.Settings.MinRate),
            ["setting"] = "alerts.rules." + definition.Rule,
            ["emitted"] = alert.Emitted,
            ["group"] = group?.Name ?? "",
            ["flow_based"] = alert.FlowBased,
            ["summary"] = definition.Summary,
            ["description"] = alert.Annotations.First(a => a.Key == "description").Value,
            ["expression"] = alert.Expression,
            ["flow_filter"] = definition.Flows?.Filter ?? "",
            ["flow_group_by"] = string.Join(", ", definition.Flows?.GroupBy ?? []),
            ["use_case"] = useCase.Title,
            ["meaning"] = definition.Runbook.Meaning.Trim(),
            ["dashboard_title"] = Title(definition.Dashboard.Name),
            ["dashboard_url"] = alert.Annotations.First(a => a.Key == "dashboard_url").Value,
            ["panels"] = new ScriptArray(definition.Runbook.Panels.Select(p => new ScriptObject
            {
                ["dashboard"] = Title(p.Dashboard),
                ["panel"] = p.Panel,
                ["look"] = p.Look.Trim(),
            })),
            ["flows"] = definition.Runbook.Flows.Trim(),
            ["causes"] = new ScriptArray(definition.Runbook.Causes.Select(c => new ScriptObject { ["cause"] = c.Cause.Trim(), ["fix"] = c.Fix.Trim() })),
        };
    }

    private static string Title(string shortName) => DashboardTitles.TryGetValue(shortName, out var title)
        ? title
        : throw new TemplateException([$"{AlertCatalogBuilder.GroupsFolder}: no dashboard '{shortName}'; use one of {string.Join(", ", DashboardTitles.Keys)}."]);

    /// <summary>One trailing newline and no trailing blanks, so regenerated pages diff cleanly.</summary>
    private static string Normalize(string markdown) =>
        string.Join('\n', markdown.ReplaceLineEndings("\n").Split('\n').Select(l => l.TrimEnd())).TrimEnd('\n') + "\n";
}
