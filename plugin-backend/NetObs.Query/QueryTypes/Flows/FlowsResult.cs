using NetObs.Hubble.FlowValues;
using NetObs.Query.Flows;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.Flows;

/// <summary>The newest flows matching a filter in a range, newest first, at most the limit.</summary>
public sealed record FlowsResult(string RefId, string ExecutedQueryString, IReadOnlyList<QueryNotice> Notices, IReadOnlyList<FlowRecord> Flows, long Matched)
    : QueryResult(RefId, ExecutedQueryString, Notices);
