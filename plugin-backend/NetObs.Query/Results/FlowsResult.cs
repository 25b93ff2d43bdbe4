using Cilium.Flow;

namespace NetObs.Query.Results;

/// <summary>One flow of a flows result with its time and node.</summary>
public sealed record FlowRecord(Flow Flow, long TimeNs, string NodeName);

/// <summary>The newest flows matching a filter in a range, newest first, at most the limit.</summary>
public sealed record FlowsResult(string RefId, string ExecutedQueryString, IReadOnlyList<QueryNotice> Notices, IReadOnlyList<FlowRecord> Flows, long Matched)
    : QueryResult(RefId, ExecutedQueryString, Notices);
