using System.Text.Json.Nodes;
using NetObs.Generator.Configuration;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Output;

/// <summary>
/// The import-ready form of a dashboard (Grafana's "export for sharing externally" shape) for Azure Managed Grafana:
/// <c>__inputs</c> ask only for the Prometheus data source, and the data source variable defaults to the chosen one.
/// Azure Managed Grafana offers only the plugins it ships and loads no unsigned one, so a NetObs data-source input could never be filled on its import form; the NetObs panels and variable are left out
/// and the description says so.
/// </summary>
public static class AzureImportVariant
{
    public const string OutputFolder = "azure-managed-grafana";
    public const string PrometheusInput = "DS_PROMETHEUS";

    /// <summary>Appended to the description of a variant whose NetObs panels were left out.</summary>
    public const string FlowPanelsLeftOut =
        "The flow panels (Flows, Service Map, Top Talkers and the other NetObs tables) need the NetObs Hubble data source plugin, which Azure Managed Grafana cannot load; they are left out of this variant. Provision the plain dashboard on a Grafana that runs the plugin to see them.";

    /// <summary>
    /// Whether the dashboard has a metric panel to import: one that reads only NetObs (Flow Logs) would import as an
    /// empty page, so it gets no variant.
    /// </summary>
    public static bool AppliesTo(JsonObject dashboard) =>
        DatasourceReferences(dashboard["panels"]).Any(r => r["type"]?.GetValue<string>() == "prometheus");

    public static JsonObject From(JsonObject dashboard, GeneratorConfig config)
    {
        var variant = dashboard.DeepClone().AsObject();
        variant.Remove("id");
        if (RemoveNetObs(variant))
        {
            var description = variant["description"]?.GetValue<string>();
            variant["description"] = string.IsNullOrEmpty(description) ? FlowPanelsLeftOut : description + " " + FlowPanelsLeftOut;
        }

        var usesPrometheus = UsesPrometheus(variant);
        var inputs = new JsonArray();
        var requires = new JsonArray
        {
            new JsonObject { ["type"] = "grafana", ["id"] = "grafana", ["name"] = "Grafana", ["version"] = "10.4.0" },
        };
        if (usesPrometheus)
        {
            inputs.Add(Input(PrometheusInput, config.Datasources.Prometheus.Name, "prometheus", "Prometheus"));
            requires.Add(new JsonObject { ["type"] = "datasource", ["id"] = "prometheus", ["name"] = "Prometheus", ["version"] = "1.0.0" });
        }

        RebindDatasources(variant, config);
        var ordered = new JsonObject { ["__inputs"] = inputs, ["__requires"] = requires };
        foreach (var (key, value) in variant.ToArray())
        {
            variant.Remove(key);
            ordered[key] = value;
        }

        return ordered;
    }

    private static JsonObject Input(string name, string label, string pluginId, string pluginName) => new()
    {
        ["name"] = name,
        ["label"] = label,
        ["description"] = "",
        ["type"] = "datasource",
        ["pluginId"] = pluginId,
        ["pluginName"] = pluginName,
    };

    /// <summary>Variables start on the imported data source; fixed references (asVariable: false) become the input itself.</summary>
    private static void RebindDatasources(JsonObject dashboard, GeneratorConfig config)
    {
        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            if (variable?["type"]?.GetValue<string>() != "datasource")
            {
                continue;
            }

            variable["current"] = new JsonObject { ["selected"] = false, ["text"] = "${" + PrometheusInput + "}", ["value"] = "${" + PrometheusInput + "}" };
        }

        foreach (var reference in DatasourceReferences(dashboard))
        {
            var uid = reference["uid"]?.GetValue<string>();
            if (uid == config.Datasources.Prometheus.Uid && !config.Datasources.Prometheus.AsVariable)
            {
                reference["uid"] = "${" + PrometheusInput + "}";
            }
        }
    }

    private static bool UsesPrometheus(JsonObject dashboard) =>
        DatasourceReferences(dashboard).Any(r => r["type"]?.GetValue<string>() == "prometheus");

    /// <summary>
    /// Drops the NetObs data source variable, every panel that queries NetObs, and the rows left with no panel;
    /// returns whether any panel went.
    /// </summary>
    private static bool RemoveNetObs(JsonObject dashboard)
    {
        if (dashboard["templating"]?["list"] is JsonArray variables)
        {
            foreach (var variable in variables.Where(IsNetObsVariable).ToList())
            {
                variables.Remove(variable);
            }
        }

        if (dashboard["panels"] is not JsonArray panels)
        {
            return false;
        }

        RemoveNetObsLinks(panels);

        var removed = RemoveNetObsPanels(panels);
        foreach (var collapsed in panels.Where(IsRow).Select(row => row!["panels"]).OfType<JsonArray>())
        {
            removed |= RemoveNetObsPanels(collapsed);
        }

        // An open row owns the panels up to the next row; one left with none would be an empty heading.
        var emptyRows = panels
            .Where((panel, index) => IsRow(panel) && panel!["panels"] is not JsonArray { Count: > 0 }
                && (index + 1 == panels.Count || IsRow(panels[index + 1])))
            .ToList();
        foreach (var row in emptyRows)
        {
            panels.Remove(row);
        }

        return removed;
    }

    private static bool RemoveNetObsPanels(JsonArray panels)
    {
        var netObsPanels = panels.Where(p => p is not null && !IsRow(p) && DatasourceReferences(p).Any(IsNetObs)).ToList();
        foreach (var panel in netObsPanels)
        {
            panels.Remove(panel);
        }

        return netObsPanels.Count > 0;
    }

    /// <summary>Data links that open NetObs flows in Explore would lead to a data source the variant cannot have.</summary>
    private static void RemoveNetObsLinks(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (_, child) in obj)
                {
                    RemoveNetObsLinks(child);
                }

                break;
            case JsonArray array:
                var netObsLinks = array
                    .Where(item => item is JsonObject link && link["url"] is JsonValue url && url.GetValue<string>().Contains(TemplateModelBuilder.NetObsPluginId, StringComparison.Ordinal))
                    .ToList();
                foreach (var link in netObsLinks)
                {
                    array.Remove(link);
                }

                foreach (var child in array)
                {
                    RemoveNetObsLinks(child);
                }

                break;
        }
    }

    private static bool IsRow(JsonNode? panel) => panel?["type"]?.GetValue<string>() == "row";

    private static bool IsNetObs(JsonObject reference) =>
        reference["type"]?.GetValue<string>() == TemplateModelBuilder.NetObsPluginId;

    private static bool IsNetObsVariable(JsonNode? variable) =>
        variable?["type"]?.GetValue<string>() == "datasource" && variable["query"]?.GetValue<string>() == TemplateModelBuilder.NetObsPluginId;

    private static IEnumerable<JsonObject> DatasourceReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["datasource"] is JsonObject reference)
                {
                    yield return reference;
                }

                foreach (var (_, child) in obj)
                {
                    foreach (var found in DatasourceReferences(child))
                    {
                        yield return found;
                    }
                }

                break;
            case JsonArray array:
                foreach (var child in array)
                {
                    foreach (var found in DatasourceReferences(child))
                    {
                        yield return found;
                    }
                }

                break;
        }
    }
}
