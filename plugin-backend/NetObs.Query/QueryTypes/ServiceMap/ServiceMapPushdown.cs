using NetObs.Hubble.FlowSources;
using NetObs.Query.History;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using HistoryNodeKind = NetObs.History.V1.NodeKind;
using ServiceMapRequest = NetObs.History.V1.ServiceMapRequest;

namespace NetObs.Query.QueryTypes.ServiceMap;

/// <summary>
/// The <c>servicemap</c> query computed by a history server's store: nodes named as <see cref="ServiceMapNodeNamer"/>
/// names them, replies on the client→server edge, the same edge bound and p95 sketch; rates and ratios are computed here
/// from the store's counts exactly as from the in-memory aggregator's.
/// </summary>
internal static class ServiceMapPushdown
{
    public static async Task<ServiceMapResult> RunAsync(QueryExecution execution, IHistoryAggregations history, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var request = new ServiceMapRequest
        {
            Selection = HistoryPushdown.Selection(execution),
            NodeKind = query.NodeKind switch
            {
                NodeKind.Pod => HistoryNodeKind.Pod,
                NodeKind.Namespace => HistoryNodeKind.Namespace,
                NodeKind.Identity => HistoryNodeKind.Identity,
                _ => HistoryNodeKind.Workload,
            },
            MaxEdges = ServiceMapQuery.MaxEdges,
        };
        request.Quantiles.Add(0.95);

        var response = await history.ServiceMapAsync(request, cancellationToken).ConfigureAwait(false);
        var seconds = ServiceMapQuery.Seconds(execution);
        var nodes = response.Nodes
            .Select(n => ServiceMapQuery.Node(n.Id, n.Title, n.Subtitle, n.Kind, n.Flows, n.Dropped, n.L7Errors, seconds))
            .OrderBy(n => n.Id, StringComparer.Ordinal)
            .ToList();
        var edges = response.Edges
            .Select(e => ServiceMapQuery.Edge(e.SourceId, e.TargetId, e.Flows, e.Dropped, e.L7Errors,
                e.LatencyQuantiles.Count > 0 && e.LatencyQuantiles[0].HasValue ? e.LatencyQuantiles[0].Value : null, seconds,
                e.Ports, e.Protocols, e.DropReasons, e.DeniedBy))
            .OrderBy(e => e.Id, StringComparer.Ordinal)
            .ToList();

        var notices = await HistoryPushdown.CoverageNoticesAsync(execution, history, cancellationToken).ConfigureAwait(false);
        var command = HistoryPushdown.PushedCommand(execution, history, ServiceMapQuery.Describe(query));
        return ServiceMapQuery.Finish(query, nodes, edges, response.Overflow, notices, command);
    }
}
