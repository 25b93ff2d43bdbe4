using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.Coverage;

/// <summary>What a coverage row says: flows are <c>stored</c> for the range, or a <c>gap</c> or <c>lost</c> events make it incomplete.</summary>
public static class CoverageKinds
{
    public const string Stored = "stored";
    public const string Gap = "gap";
    public const string Lost = "lost";
}

/// <summary>One row of the coverage table: a node's stored range and flow count, or a gap (count 0 when unknown).</summary>
public sealed record CoverageRow(string Cluster, string Node, string Kind, string Reason, long FromNs, long ToNs, long Flows);

/// <summary>Flows stored per bucket of one cluster, and how many gaps overlap each bucket.</summary>
public sealed record CoverageSeries(string Cluster, long[] StoredFlows, long[] Gaps);

/// <summary>Stored ranges, gaps and lost events per cluster and node, and per bucket per cluster, over the query's range.</summary>
public sealed record CoverageResult(
    string RefId,
    string ExecutedQueryString,
    IReadOnlyList<QueryNotice> Notices,
    IReadOnlyList<CoverageRow> Rows,
    TimeSpan Interval,
    long[] BucketStartsNs,
    IReadOnlyList<CoverageSeries> Series)
    : QueryResult(RefId, ExecutedQueryString, Notices);
