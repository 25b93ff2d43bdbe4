using System.Text.Json.Nodes;

namespace NetObs.Testing.Dashboards;

/// <summary>One query of a generated dashboard panel: where it is and its target JSON.</summary>
public sealed record DashboardTarget(string Dashboard, string Uid, string Panel, JsonObject Target)
{
    public bool IsNetObs => Target["datasource"]?["type"]?.GetValue<string>() == "netobs-hubble-datasource";

    public string? Expression => Target["expr"]?.GetValue<string>();

    /// <summary>The NetObs query as Grafana sends it: without its data-source reference, with <paramref name="values"/> in place of its filter's variables.</summary>
    public JsonObject NetObsQuery(IReadOnlyDictionary<string, string> values)
    {
        var query = Target.DeepClone().AsObject();
        query.Remove("datasource");
        if (query["filter"]?.GetValue<string>() is { } filter)
        {
            query["filter"] = TemplateVariables.Substitute(filter, values);
        }

        return query;
    }

    public override string ToString() => $"{Dashboard} / {Panel}";

    /// <summary>Every target of every panel (rows included) of the dashboards in <paramref name="folder"/>.</summary>
    public static IReadOnlyList<DashboardTarget> Load(string folder)
    {
        var targets = new List<DashboardTarget>();
        foreach (var file in Directory.GetFiles(folder, "*.json").Order(StringComparer.Ordinal))
        {
            var dashboard = JsonNode.Parse(File.ReadAllText(file))!.AsObject();
            var title = dashboard["title"]?.GetValue<string>() ?? Path.GetFileName(file);
            var uid = dashboard["uid"]?.GetValue<string>() ?? "";
            foreach (var panel in Panels(dashboard["panels"] as JsonArray))
            {
                foreach (var target in (panel["targets"] as JsonArray ?? []).OfType<JsonObject>())
                {
                    targets.Add(new DashboardTarget(title, uid, panel["title"]?.GetValue<string>() ?? "(untitled)", target));
                }
            }
        }

        return targets;
    }

    private static IEnumerable<JsonObject> Panels(JsonArray? panels)
    {
        foreach (var panel in (panels ?? []).OfType<JsonObject>())
        {
            yield return panel;
            foreach (var nested in Panels(panel["panels"] as JsonArray))
            {
                yield return nested;
            }
        }
    }
}
