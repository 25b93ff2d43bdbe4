using System.Collections;
using System.Reflection;
using NetObs.Generator.Configuration;
using Scriban.Runtime;

namespace NetObs.Generator.Templates;

/// <summary>
/// Builds the one object templates see: the configuration as written in YAML (<c>config.*</c>) plus the values
/// derived from it in C# (selectors, data source references, metric families) and a few functions.
/// Templates hold layout; every decision that depends on the configuration is made here.
/// </summary>
public sealed class TemplateModelBuilder
{
    /// <summary>The plugin id of our data source (contract in DESIGN.md).</summary>
    public const string NetObsPluginId = "netobs-hubble-datasource";

    public ScriptObject Build(GeneratorConfig config)
    {
        var model = new ScriptObject
        {
            ["config"] = ToScript(config),
            ["ds"] = Datasources(config),
            ["selectors"] = Selectors(config),
            ["node_families"] = NodeFamilies(config.Dataplane),
            ["hubble"] = HubbleFacts(),
        };
        var explore = new ExploreLinkBuilder(config);
        model.Import("explore_url", new Func<string, ScriptArray, string>((filter, labels) => explore.Url(filter, [.. labels.Select(l => l?.ToString() ?? "")])));
        model.Import("dashboard_uid", new Func<string, string>(shortName => config.Dashboards.UidPrefix + shortName));
        return model;
    }

    private static ScriptObject Datasources(GeneratorConfig config)
    {
        static ScriptObject Reference(string type, DatasourceSettings settings, string variable) => new()
        {
            ["type"] = type,
            ["uid"] = settings.AsVariable ? "${" + variable + "}" : settings.Uid,
        };

        return new ScriptObject
        {
            ["prometheus"] = Reference("prometheus", config.Datasources.Prometheus, "datasource"),
            ["netobs"] = Reference(NetObsPluginId, config.Datasources.Netobs, "netobs"),
            ["prometheus_is_variable"] = config.Datasources.Prometheus.AsVariable,
            ["netobs_is_variable"] = config.Datasources.Netobs.AsVariable,
        };
    }

    private static ScriptObject Selectors(GeneratorConfig config)
    {
        var suffix = config.Selectors.WorkloadPodSuffix;
        var model = new ScriptObject
        {
            ["cluster"] = $"{config.Cluster.Label}=\"$cluster\"",
            ["nodes"] = $"{config.Selectors.NodeLabel}=~\"$nodes\"",
            ["cluster_label"] = config.Cluster.Label,
            ["node_label"] = config.Selectors.NodeLabel,
            ["namespace_regex"] = config.Selectors.NamespaceRegex,
            ["workload_regex"] = config.Selectors.WorkloadRegex,
            ["workload_pod_suffix"] = suffix,
        };
        // Hubble's pod context writes "namespace/pod"; a workload's pods are its owner name plus a generated suffix
        // (dashboards-and-alerts.md §1.1 and defect 8 of §2.10), so the match is exact on the owner, not a prefix.
        model.Import("pods_in_namespace", new Func<string, string>(label => $"{label}=~\"$namespace/.+\""));
        model.Import("pods_of_workload", new Func<string, string>(label => $"{label}=~\"$namespace/$workload(?:{suffix})\""));
        return model;
    }

    /// <summary>Node-level metric names per data plane (hubble-api.md §6.2): Cilium's direction values are upper case.</summary>
    private static ScriptArray NodeFamilies(Dataplane dataplane)
    {
        var cilium = new ScriptObject
        {
            ["name"] = "cilium",
            ["forward_bytes"] = "cilium_forward_bytes_total",
            ["forward_count"] = "cilium_forward_count_total",
            ["drop_bytes"] = "cilium_drop_bytes_total",
            ["drop_count"] = "cilium_drop_count_total",
            ["egress"] = "direction=\"EGRESS\"",
            ["ingress"] = "direction=\"INGRESS\"",
        };
        var retina = new ScriptObject
        {
            ["name"] = "non-cilium",
            ["forward_bytes"] = "networkobservability_forward_bytes",
            ["forward_count"] = "networkobservability_forward_count",
            ["drop_bytes"] = "networkobservability_drop_bytes",
            ["drop_count"] = "networkobservability_drop_count",
            ["egress"] = "direction=\"egress\"",
            ["ingress"] = "direction=\"ingress\"",
        };
        return dataplane switch
        {
            Dataplane.Cilium => [cilium],
            Dataplane.NonCilium => [retina],
            _ => [retina, cilium],
        };
    }

    /// <summary>Label values as Hubble writes them (hubble-api.md §6.1).</summary>
    private static ScriptObject HubbleFacts() => new()
    {
        ["dns_ok_rcode"] = "No Error",
        ["dns_denied_rcode"] = "Policy denied",
        ["verdict_forwarded"] = "FORWARDED",
        ["verdict_dropped"] = "DROPPED",
    };

    /// <summary>Records become objects keyed like the YAML (camelCase); enums become their YAML spelling.</summary>
    private static object? ToScript(object? value) => value switch
    {
        null => null,
        string or bool or int or double => value,
        Enum e => string.Concat(e.ToString().Select((c, i) => char.IsUpper(c) && i > 0 ? "-" + char.ToLowerInvariant(c) : char.ToLowerInvariant(c).ToString())),
        IDictionary dictionary => ToScriptObject(dictionary),
        IEnumerable list => new ScriptArray(list.Cast<object?>().Select(ToScript)),
        _ => RecordToScript(value),
    };

    private static ScriptObject ToScriptObject(IDictionary dictionary)
    {
        var result = new ScriptObject();
        foreach (var key in dictionary.Keys.Cast<object>().Select(k => k.ToString()!).Order(StringComparer.Ordinal))
        {
            result[key] = ToScript(dictionary[key]);
        }

        return result;
    }

    private static ScriptObject RecordToScript(object record)
    {
        var result = new ScriptObject();
        foreach (var property in record.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.Name != "EqualityContract"))
        {
            result[char.ToLowerInvariant(property.Name[0]) + property.Name[1..]] = ToScript(property.GetValue(record));
        }

        return result;
    }
}
