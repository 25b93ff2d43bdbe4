using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetObs.Generator.Output;

namespace NetObs.Generator.Validation;

/// <summary>Finds every PromQL expression in generated dashboards: Prometheus panel targets and variable queries.</summary>
public static partial class DashboardPromQl
{
    public static IEnumerable<PromQlExpression> Extract(IEnumerable<GeneratedFile> files) =>
        files.Where(f => f.Path.StartsWith(DashboardRenderer.OutputFolder + "/", StringComparison.Ordinal))
            .SelectMany(f => Extract(JsonNode.Parse(f.Content)!.AsObject()));

    public static IEnumerable<PromQlExpression> Extract(JsonObject dashboard)
    {
        var title = dashboard["title"]?.GetValue<string>() ?? "?";
        foreach (var panel in AllPanels(dashboard))
        {
            foreach (var target in panel["targets"]?.AsArray() ?? [])
            {
                if (target?["expr"]?.GetValue<string>() is { } expr && IsPrometheus(target["datasource"] ?? panel["datasource"]))
                {
                    yield return new PromQlExpression(title, panel["title"]?.GetValue<string>() ?? "?", target["refId"]?.GetValue<string>() ?? "?", expr);
                }
            }
        }

        foreach (var variable in dashboard["templating"]?["list"]?.AsArray() ?? [])
        {
            if (variable?["type"]?.GetValue<string>() != "query" || !IsPrometheus(variable["datasource"]))
            {
                continue;
            }

            var query = variable["query"] is JsonObject q ? q["query"]?.GetValue<string>() : variable["query"]?.GetValue<string>();
            if (query is not null && InnerExpression(query) is { } inner)
            {
                yield return new PromQlExpression(title, $"variable {variable["name"]}", "query", inner);
            }
        }
    }

    /// <summary>Panels at top level and inside collapsed rows.</summary>
    public static IEnumerable<JsonObject> AllPanels(JsonObject dashboard)
    {
        foreach (var panel in dashboard["panels"]?.AsArray() ?? [])
        {
            yield return panel!.AsObject();
            foreach (var nested in panel["panels"]?.AsArray() ?? [])
            {
                yield return nested!.AsObject();
            }
        }
    }

    /// <summary>The PromQL inside a Grafana variable query: label_values(EXPR, label), query_result(EXPR) or plain EXPR.</summary>
    public static string? InnerExpression(string query)
    {
        var labelValues = LabelValuesPattern().Match(query);
        if (labelValues.Success)
        {
            return labelValues.Groups["expr"].Success ? labelValues.Groups["expr"].Value : null;
        }

        var queryResult = QueryResultPattern().Match(query);
        return queryResult.Success ? queryResult.Groups["expr"].Value : query;
    }

    private static bool IsPrometheus(JsonNode? datasource) => datasource?["type"]?.GetValue<string>() == "prometheus";

    [GeneratedRegex(@"^\s*label_values\(\s*(?:(?<expr>.+),\s*)?[A-Za-z_][A-Za-z0-9_]*\s*\)\s*$", RegexOptions.Singleline)]
    private static partial Regex LabelValuesPattern();

    [GeneratedRegex(@"^\s*query_result\((?<expr>.+)\)\s*$", RegexOptions.Singleline)]
    private static partial Regex QueryResultPattern();
}
