using System.Text.RegularExpressions;

namespace NetObs.Generator.Validation;

/// <summary>Replaces Grafana variables with values Grafana could send, so promtool sees the query Prometheus would get.</summary>
public static partial class GrafanaVariableSamples
{
    private static readonly IReadOnlyDictionary<string, string> Samples = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["__rate_interval"] = "1m0s",
        ["__interval"] = "30s",
        ["__range"] = "1h",
        ["__range_s"] = "3600",
        ["cluster"] = "aks-prod",
        ["nodes"] = "(aks-nodepool1-0|aks-nodepool1-1)",
        ["namespace"] = "default",
        ["workload"] = "coredns",
    };

    public static string Substitute(string expression) =>
        VariablePattern().Replace(expression, m =>
        {
            var name = m.Groups["braced"].Success ? m.Groups["braced"].Value : m.Groups["plain"].Value;
            return Samples.TryGetValue(name, out var sample) ? sample : "sample";
        });

    [GeneratedRegex(@"\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?::[A-Za-z]+)?\}|\$(?<plain>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex VariablePattern();
}
