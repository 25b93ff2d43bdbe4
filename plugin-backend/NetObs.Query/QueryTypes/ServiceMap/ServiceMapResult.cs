using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.ServiceMap;

/// <summary>A service-map node: traffic through it and the shares of forwarded, L7-error and dropped flows (they sum to 1).</summary>
public sealed record ServiceMapNode(
    string Id,
    string Title,
    string Subtitle,
    string Kind,
    long Flows,
    double FlowRate,
    double SuccessShare,
    double ErrorShare,
    double DroppedShare);

/// <summary>A directed service-map edge from client to server with rate, drop and L7 error ratios, p95 latency and details.</summary>
public sealed record ServiceMapEdge(
    string Id,
    string Source,
    string Target,
    long Flows,
    long Dropped,
    long L7Errors,
    double FlowRate,
    double DropRatio,
    double L7ErrorRatio,
    double? P95LatencyMs,
    string Ports,
    string Protocols,
    string DropReasons,
    string DeniedBy);

/// <summary>Node Graph nodes and edges built from flows.</summary>
public sealed record ServiceMapResult(
    string RefId,
    string ExecutedQueryString,
    IReadOnlyList<QueryNotice> Notices,
    IReadOnlyList<ServiceMapNode> Nodes,
    IReadOnlyList<ServiceMapEdge> Edges)
    : QueryResult(RefId, ExecutedQueryString, Notices);
