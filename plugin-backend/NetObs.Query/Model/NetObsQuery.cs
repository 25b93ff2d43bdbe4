using NetObs.Hubble.FlowValues;

namespace NetObs.Query.Model;

/// <summary>One validated query of the query model (the JSON in a Grafana DataQuery).</summary>
public sealed record NetObsQuery(
    string RefId,
    QueryType Type,
    CompiledFilter Filter,
    IReadOnlyList<FlowDimension> GroupBy,
    QueryMetric Metric,
    int? Limit,
    int? K,
    NodeKind NodeKind,
    bool Stream);
