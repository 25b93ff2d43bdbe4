using NetObs.History.Storage;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Aggregation;

/// <summary>
/// Service-map nodes and client→server edges over <see cref="Flows"/> (time range, filters, clusters); replies count
/// on the client→server edge. Nodes are named by the shared ServiceMapNodeNamer for <see cref="NodeKind"/>.
/// </summary>
public sealed record ServiceMapQuery(FlowReadRequest Flows, ServiceMapNodeKind NodeKind, int MaxEdges, IReadOnlyList<double> Quantiles);

/// <summary>The nodes and edges; <see cref="Overflow"/> flows belonged to edges beyond the bound.</summary>
public sealed record ServiceMapResult(IReadOnlyList<ServiceMapNode> Nodes, IReadOnlyList<ServiceMapEdge> Edges, long Overflow);

/// <summary>A node: id (unique, stable), title, subtitle, kind, and its flows, drops and L7 errors.</summary>
public sealed record ServiceMapNode(string Id, string Title, string Subtitle, string Kind, long Flows, long Dropped, long L7Errors);

/// <summary>
/// An edge from client to server with counts, latency quantiles (nanoseconds, null without samples) and up to eight
/// ports, protocols, drop reasons and denying policies, sorted as the in-memory aggregator sorts them.
/// </summary>
public sealed record ServiceMapEdge(
    string SourceId,
    string TargetId,
    long Flows,
    long Dropped,
    long L7Errors,
    IReadOnlyList<double?> Quantiles,
    IReadOnlyList<string> Ports,
    IReadOnlyList<string> Protocols,
    IReadOnlyList<string> DropReasons,
    IReadOnlyList<string> DeniedBy);
