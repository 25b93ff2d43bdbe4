using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.TopK;

/// <summary>One ranked group: its dimension values, flow count, share of all flows, first/last seen, and the metric it was ranked by.</summary>
public sealed record TopKRow(IReadOnlyList<string> Values, long Count, double Share, long FirstSeenNs, long LastSeenNs, double? Value);

/// <summary>The k biggest groups, biggest first.</summary>
public sealed record TopKResult(
    string RefId,
    string ExecutedQueryString,
    IReadOnlyList<QueryNotice> Notices,
    IReadOnlyList<string> Dimensions,
    string MetricName,
    string Unit,
    long TotalFlows,
    IReadOnlyList<TopKRow> Rows)
    : QueryResult(RefId, ExecutedQueryString, Notices);
