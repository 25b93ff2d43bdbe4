using System.Globalization;
using System.Text.Json;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;

namespace NetObs.Query.Model;

/// <summary>Reads the query model's JSON and reports every problem at once, each naming the field, the value and the fix.</summary>
public static class QueryParser
{
    private static readonly string TypeList = string.Join(", ", QueryNames.Types.Keys.Order(StringComparer.Ordinal));
    private static readonly string MetricList = "count, rate, p50, p90, p95, p99";
    private static readonly string NodeKindList = "workload, pod, namespace, identity";

    /// <summary>Query JSON larger than this is refused unread: a query is a filter and a few options.</summary>
    public const int MaxJsonBytes = 64 * 1024;

    /// <summary>More groupBy entries than this are refused before they are read (there are fewer distinct dimensions).</summary>
    public const int MaxGroupBy = 8;

    /// <summary>Parses one DataQuery's JSON. <paramref name="queryTypeField"/> is DataQuery.queryType, used when the JSON has none.</summary>
    public static QueryParseResult Parse(string refId, ReadOnlySpan<byte> json, string? queryTypeField = null)
    {
        var problems = new List<QueryProblem>();
        if (json.Length > MaxJsonBytes)
        {
            return QueryParseResult.Failed(new QueryProblem("query", $"the query JSON is {json.Length:N0} bytes, more than the limit of {MaxJsonBytes:N0}; shorten the filter."));
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json.ToArray(), new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException e)
        {
            return QueryParseResult.Failed(new QueryProblem("query", $"the query JSON is not valid JSON {JsonInputText.Where(e)}; send an object such as {{\"queryType\":\"flows\",\"filter\":\"--namespace pets\"}}."));
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return QueryParseResult.Failed(new QueryProblem("query", $"the query JSON must be an object, got a {Describe(root.ValueKind)}."));
            }

            // Every string below is read with GetString, which throws on a lone surrogate; find one first and say where.
            if (JsonInputText.FindInvalidText(root) is { } invalidAt)
            {
                return QueryParseResult.Failed(new QueryProblem("query", JsonInputText.InvalidTextProblem(invalidAt)));
            }

            var type = ReadType(root, queryTypeField, problems);
            var filter = ReadFilter(root, problems);
            var groupBy = ReadGroupBy(root, problems);
            var metric = ReadEnum(root, "metric", QueryNames.Metrics, MetricList, QueryMetric.Count, problems);
            var limit = ReadCount(root, "limit", allowZero: true, problems);
            var k = ReadCount(root, "k", allowZero: false, problems);
            var nodeKind = ReadEnum(root, "nodeKind", QueryNames.NodeKinds, NodeKindList, NodeKind.Workload, problems);
            var stream = ReadBool(root, "stream", problems);

            if (type is QueryType.Flows or QueryType.ServiceMap or QueryType.Status or QueryType.Coverage && groupBy.Count > 0)
            {
                problems.Add(new QueryProblem("groupBy", $"a {QueryNames.Of(type.Value)} query does not group; remove groupBy or use queryType timeseries or topk."));
            }

            if (type == QueryType.TopK && groupBy.Count == 0 && !problems.Exists(p => p.Field == "groupBy"))
            {
                problems.Add(new QueryProblem("groupBy", "a topk query ranks groups, so it needs at least one groupBy dimension, e.g. [\"destination_pod\"]."));
            }

            if (problems.Count > 0 || type is null || filter is null)
            {
                return QueryParseResult.Failed([.. problems]);
            }

            return new QueryParseResult(new NetObsQuery(refId, type.Value, filter, groupBy, metric, limit == 0 ? null : limit, k, nodeKind, stream), []);
        }
    }

    private static QueryType? ReadType(JsonElement root, string? queryTypeField, List<QueryProblem> problems)
    {
        string? text;
        if (root.TryGetProperty("queryType", out var element) && element.ValueKind != JsonValueKind.Null)
        {
            if (element.ValueKind != JsonValueKind.String)
            {
                problems.Add(new QueryProblem("queryType", $"must be a string, got a {Describe(element.ValueKind)}; use one of {TypeList}."));
                return null;
            }

            text = element.GetString();
        }
        else
        {
            text = queryTypeField;
        }

        if (string.IsNullOrEmpty(text))
        {
            return QueryType.Flows;
        }

        if (QueryNames.Types.TryGetValue(text, out var type))
        {
            return type;
        }

        var hint = SpellingSuggestion.Closest(text, QueryNames.Types.Keys);
        problems.Add(new QueryProblem("queryType", $"'{TextExcerpt.Of(text)}' is not a query type; use one of {TypeList}{(hint is null ? "" : $" (did you mean '{hint}'?)")}."));
        return null;
    }

    private static CompiledFilter? ReadFilter(JsonElement root, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty("filter", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return CompiledFilter.Everything;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new QueryProblem("filter", $"must be a string of `hubble observe` flags such as \"--namespace pets --verdict DROPPED\", got a {Describe(element.ValueKind)}."));
            return null;
        }

        var text = element.GetString() ?? string.Empty;
        var (filter, problem) = FilterCompiler.Compile(text);
        if (problem is not null)
        {
            problems.Add(new QueryProblem("filter", FilterCompiler.Describe(text, problem)));
        }

        return filter;
    }

    private static List<FlowDimension> ReadGroupBy(JsonElement root, List<QueryProblem> problems)
    {
        var dimensions = new List<FlowDimension>();
        if (!root.TryGetProperty("groupBy", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return dimensions;
        }

        if (element.ValueKind != JsonValueKind.Array)
        {
            problems.Add(new QueryProblem("groupBy", $"must be an array of dimension names such as [\"verdict\",\"source_namespace\"], got a {Describe(element.ValueKind)}."));
            return dimensions;
        }

        if (element.GetArrayLength() > MaxGroupBy)
        {
            problems.Add(new QueryProblem("groupBy", $"has {element.GetArrayLength():N0} entries, more than the limit of {MaxGroupBy}; group by fewer dimensions."));
            return dimensions;
        }

        var index = 0;
        foreach (var item in element.EnumerateArray())
        {
            var name = item.ValueKind == JsonValueKind.String ? item.GetString() ?? string.Empty : null;
            if (name is null)
            {
                problems.Add(new QueryProblem($"groupBy[{index}]", $"must be a dimension name string, got a {Describe(item.ValueKind)}."));
            }
            else if (!FlowDimensions.TryGet(name, out var dimension))
            {
                var hint = FlowDimensions.Suggest(name);
                problems.Add(new QueryProblem($"groupBy[{index}]", $"'{TextExcerpt.Of(name)}' is not a dimension{(hint is null ? "" : $" (did you mean '{hint}'?)")}; docs/query-model.md lists them all."));
            }
            else if (dimensions.Contains(dimension))
            {
                problems.Add(new QueryProblem($"groupBy[{index}]", $"'{TextExcerpt.Of(name)}' is listed twice; remove the repeat."));
            }
            else
            {
                dimensions.Add(dimension);
            }

            index++;
        }

        return dimensions;
    }

    private static TEnum ReadEnum<TEnum>(JsonElement root, string field, IReadOnlyDictionary<string, TEnum> names, string list, TEnum fallback, List<QueryProblem> problems)
        where TEnum : struct, Enum
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            problems.Add(new QueryProblem(field, $"must be a string, one of {list}; got a {Describe(element.ValueKind)}."));
            return fallback;
        }

        var text = element.GetString() ?? string.Empty;
        if (text.Length == 0)
        {
            return fallback;
        }

        if (names.TryGetValue(text, out var value))
        {
            return value;
        }

        var hint = SpellingSuggestion.Closest(text, names.Keys);
        problems.Add(new QueryProblem(field, $"'{TextExcerpt.Of(text)}' is not one of {list}{(hint is null ? "" : $" (did you mean '{hint}'?)")}."));
        return fallback;
    }

    private static int? ReadCount(JsonElement root, string field, bool allowZero, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        long value;
        if (element.ValueKind == JsonValueKind.Number && element.TryGetInt64(out value))
        {
        }
        else if (element.ValueKind == JsonValueKind.String && long.TryParse(element.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out value))
        {
            // Template variables arrive as strings ("${limit}" → "500"); accept them.
        }
        else
        {
            var shown = element.ValueKind == JsonValueKind.String ? $"\"{TextExcerpt.Of(element.GetString())}\"" : TextExcerpt.Of(element.GetRawText());
            problems.Add(new QueryProblem(field, $"must be a whole number, got {shown}."));
            return null;
        }

        var minimum = allowZero ? 0 : 1;
        if (value < minimum)
        {
            problems.Add(new QueryProblem(field, $"must be {(allowZero ? "zero (the default) or more" : "1 or more")}, got {value}."));
            return null;
        }

        return (int)Math.Min(value, int.MaxValue);
    }

    private static bool ReadBool(JsonElement root, string field, List<QueryProblem> problems)
    {
        if (!root.TryGetProperty(field, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return false;
        }

        switch (element.ValueKind)
        {
            case JsonValueKind.True:
                return true;
            case JsonValueKind.False:
                return false;
            default:
                problems.Add(new QueryProblem(field, $"must be true or false, got {TextExcerpt.Of(element.GetRawText())}."));
                return false;
        }
    }

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        _ => "null",
    };
}
