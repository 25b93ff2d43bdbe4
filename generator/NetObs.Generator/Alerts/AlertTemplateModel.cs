using NetObs.Generator.Configuration;
using Scriban.Runtime;

namespace NetObs.Generator.Alerts;

/// <summary>
/// What alert templates see besides the shared model: <c>alert.*</c> with the selectors, the rate window and
/// PromQL builders, so templates never assemble matchers by hand and a changed setting reaches every rule.
/// </summary>
public static class AlertTemplateModel
{
    /// <summary>Adds <c>alert</c> to <paramref name="model"/>.</summary>
    public static void AddTo(ScriptObject model, GeneratorConfig config)
    {
        var alerts = config.Alerts;
        var cluster = config.Cluster.Label;
        var node = config.Selectors.NodeLabel;
        var window = alerts.RateWindow;
        var alert = new ScriptObject
        {
            ["window"] = window,
            ["cluster_label"] = cluster,
            ["node_label"] = node,
            ["by_namespace"] = $"{cluster}, namespace",
            ["by_node"] = $"{cluster}, {node}",
            ["flow_window"] = alerts.Grafana.FlowWindow,
        };
        // A ".*" regex selects everything, including series without the label, so it is left out rather than written.
        var clusterMatcher = Matcher(cluster, alerts.ClusterRegex);
        var namespaceMatcher = Matcher("namespace", alerts.NamespaceRegex);
        alert.Import("sel", new Func<string, ScriptArray?, string>((metric, matchers) => Selector(metric, [clusterMatcher, .. Strings(matchers)])));
        alert.Import("nsel", new Func<string, ScriptArray?, string>((metric, matchers) => Selector(metric, [clusterMatcher, namespaceMatcher, .. Strings(matchers)])));
        alert.Import("rate", new Func<string, ScriptArray?, string>((metric, matchers) => $"rate({Selector(metric, [clusterMatcher, .. Strings(matchers)])}[{window}])"));
        alert.Import("record", new Func<string, string, string>((level, name) => $"{level}:{name}:rate{window}"));
        alert.Import("namespace_of", new Func<string, string>(expression =>
            // Hubble's ACNS contexts fill source for egress and destination for ingress flows with "namespace/pod"
            // (hubble-api.md §6.2); the namespace comes from whichever is set, destination winning when both are. The
            // scrape's own `namespace` label (the agent's, kube-system) is cleared first, so a series without a pod
            // gets an empty namespace instead of an invented one.
            $"label_replace(label_replace(label_replace({expression}, \"namespace\", \"\", \"\", \"\"), \"namespace\", \"$1\", \"source\", \"([^/]+)/.*\"), \"namespace\", \"$1\", \"destination\", \"([^/]+)/.*\")"));
        alert.Import("number", new Func<double, string>(YamlTreeWriter.FormatNumber));
        alert.Import("percent", new Func<double, string>(v => (v * 100).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture) + " %"));
        model["alert"] = alert;
    }

    private static string Matcher(string label, string regex) => regex is "" or ".*" ? "" : $"{label}=~\"{regex.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal)}\"";

    private static IEnumerable<string> Strings(ScriptArray? items) => items?.Select(i => i?.ToString() ?? "") ?? [];

    private static string Selector(string metric, IEnumerable<string> matchers)
    {
        var present = matchers.Where(m => m.Length > 0).ToList();
        return present.Count == 0 ? metric : $"{metric}{{{string.Join(", ", present)}}}";
    }
}
