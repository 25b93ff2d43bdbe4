using System.Text.Json.Nodes;
using NetObs.Generator.Configuration;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Output;

/// <summary>
/// The import-ready form of a dashboard (Grafana's "export for sharing externally" shape): <c>__inputs</c> ask for the
/// Prometheus and NetObs data sources on import, and the data source variables default to the chosen ones.
/// </summary>
public static class AzureImportVariant
{
    public const string OutputFolder = "azure-managed-grafana";
    public const string PrometheusInput = "DS_PROMETHEUS";
    public const string NetObsInput = "DS_NETOBS";

    public static JsonObject From(JsonObject dashboard, GeneratorConfig config)
    {
        var variant = dashboard.DeepClone().AsObject();
        variant.Remove("id");
        var uses = Uses(variant);
        var inputs = new JsonArray();
        var requires = new JsonArray
        {
            new JsonObject { ["type"] = "grafana", ["id"] = "grafana", ["name"] = "Grafana", ["version"] = "10.4.0" },
        };
        if (uses.Prometheus)
        {
            inputs.Add(Input(PrometheusInput, config.Datasources.Prometheus.Name, "prometheus", "Prometheus"));
            requires.Add(new JsonObject { ["type"] = "datasource", ["id"] = "prometheus", ["name"] = "Prometheus", ["version"] = "1.0.0" });
        }

        if (uses.NetObs)
        {
            inputs.Add(Input(NetObsInput, config.Datasources.Netobs.Name, TemplateModelBuilder.NetObsPluginId, "NetObs Hubble"));
            requires.Add(new JsonObject { ["type"] = "datasource", ["id"] = TemplateModelBuilder.NetObsPluginId, ["name"] = "NetObs Hubble", ["version"] = "0.1.0" });
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

            var input = variable["query"]?.GetValue<string>() == "prometheus" ? PrometheusInput : NetObsInput;
            variable["current"] = new JsonObject { ["selected"] = false, ["text"] = "${" + input + "}", ["value"] = "${" + input + "}" };
        }

        foreach (var reference in DatasourceReferences(dashboard))
        {
            var uid = reference["uid"]?.GetValue<string>();
            if (uid == config.Datasources.Prometheus.Uid && !config.Datasources.Prometheus.AsVariable)
            {
                reference["uid"] = "${" + PrometheusInput + "}";
            }
            else if (uid == config.Datasources.Netobs.Uid && !config.Datasources.Netobs.AsVariable)
            {
                reference["uid"] = "${" + NetObsInput + "}";
            }
        }
    }

    private static (bool Prometheus, bool NetObs) Uses(JsonObject dashboard)
    {
        var types = DatasourceReferences(dashboard).Select(r => r["type"]?.GetValue<string>()).ToHashSet();
        return (types.Contains("prometheus"), types.Contains(TemplateModelBuilder.NetObsPluginId));
    }

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
