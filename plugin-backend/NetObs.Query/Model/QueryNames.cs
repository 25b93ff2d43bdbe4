using System.Collections.Frozen;

namespace NetObs.Query.Model;

/// <summary>The JSON spellings of the query model's enumerations; stable names, documented in docs/query-model.md.</summary>
public static class QueryNames
{
    public static readonly FrozenDictionary<string, QueryType> Types = new Dictionary<string, QueryType>
    {
        ["flows"] = QueryType.Flows,
        ["timeseries"] = QueryType.TimeSeries,
        ["topk"] = QueryType.TopK,
        ["servicemap"] = QueryType.ServiceMap,
        ["status"] = QueryType.Status,
        ["coverage"] = QueryType.Coverage,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, QueryMetric> Metrics = new Dictionary<string, QueryMetric>
    {
        ["count"] = QueryMetric.Count,
        ["rate"] = QueryMetric.Rate,
        ["p50"] = QueryMetric.P50,
        ["p90"] = QueryMetric.P90,
        ["p95"] = QueryMetric.P95,
        ["p99"] = QueryMetric.P99,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static readonly FrozenDictionary<string, NodeKind> NodeKinds = new Dictionary<string, NodeKind>
    {
        ["workload"] = NodeKind.Workload,
        ["pod"] = NodeKind.Pod,
        ["namespace"] = NodeKind.Namespace,
        ["identity"] = NodeKind.Identity,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Of(QueryType type) => Types.First(p => p.Value == type).Key;

    public static string Of(QueryMetric metric) => Metrics.First(p => p.Value == metric).Key;

    public static string Of(NodeKind kind) => NodeKinds.First(p => p.Value == kind).Key;

    /// <summary>The quantile a latency metric stands for, or null for count and rate.</summary>
    public static double? Quantile(QueryMetric metric) => metric switch
    {
        QueryMetric.P50 => 0.50,
        QueryMetric.P90 => 0.90,
        QueryMetric.P95 => 0.95,
        QueryMetric.P99 => 0.99,
        _ => null,
    };
}
