using Cilium.Observer;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.Status;

/// <summary>The relay's ServerStatus and its node list.</summary>
public sealed record StatusResult(string RefId, string ExecutedQueryString, IReadOnlyList<QueryNotice> Notices, ServerStatusResponse Status, IReadOnlyList<Node> Nodes)
    : QueryResult(RefId, ExecutedQueryString, Notices);
