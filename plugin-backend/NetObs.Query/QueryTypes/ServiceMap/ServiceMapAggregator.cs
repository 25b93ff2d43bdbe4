using Cilium.Flow;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.ServiceMap;

/// <summary>Builds service-map nodes and client→server edges from flows; memory grows with nodes and edges, not flows.</summary>
public sealed class ServiceMapAggregator(NodeKind kind, long sinceNs, long untilNs, int maxEdges) : IFlowSink
{
    private readonly ServiceMapNodeNamer _namer = new(kind switch
    {
        NodeKind.Pod => ServiceMapNodeKind.Pod,
        NodeKind.Namespace => ServiceMapNodeKind.Namespace,
        NodeKind.Identity => ServiceMapNodeKind.Identity,
        _ => ServiceMapNodeKind.Workload,
    });
    private readonly ServiceMapGraph<Edge> _graph = new(maxEdges);
    private readonly FlowText _text = new();

    public IReadOnlyDictionary<ServiceMapNodeNamer.NodeName, ServiceMapCounts> Nodes => _graph.Nodes;

    public IReadOnlyDictionary<(ServiceMapNodeNamer.NodeName Source, ServiceMapNodeNamer.NodeName Target), Edge> Edges => _graph.Edges;

    public long Overflow => _graph.Overflow;

    public void Add(Flow flow, long timeNs, string nodeName)
    {
        if (timeNs < sinceNs || timeNs > untilNs)
        {
            return;
        }

        var source = _namer.Name(ServiceMapNodeNamer.Side.Of(flow.Source, flow.SourceNames, flow.IP?.Source ?? string.Empty));
        var target = _namer.Name(ServiceMapNodeNamer.Side.Of(flow.Destination, flow.DestinationNames, flow.IP?.Destination ?? string.Empty));

        // Replies travel server→client; count them on the client→server edge as the Hubble UI does.
        if (flow.IsReply == true)
        {
            (source, target) = (target, source);
        }

        if (_graph.Edge(source, target, 1) is not { } edge)
        {
            return;
        }

        var dropped = flow.Verdict is Verdict.Dropped or Verdict.Error;
        var l7Error = !dropped && FlowText.IsL7Error(flow);
        edge.Count(1, dropped, l7Error);
        if (dropped)
        {
            if (flow.Verdict == Verdict.Dropped)
            {
                ServiceMapEdgeCounts.AddCapped(edge.DropReasons, ProtoEnumNames.Of(flow.DropReasonDesc));
            }

            foreach (var policy in flow.IngressDeniedBy)
            {
                ServiceMapEdgeCounts.AddCapped(edge.DeniedBy, PolicyName(policy));
            }

            foreach (var policy in flow.EgressDeniedBy)
            {
                ServiceMapEdgeCounts.AddCapped(edge.DeniedBy, PolicyName(policy));
            }
        }

        if (flow.L7 is { LatencyNs: > 0 } l7)
        {
            (edge.Latency ??= new LatencySketch()).Add(l7.LatencyNs);
        }

        var port = flow.IsReply == true ? FlowText.SourcePort(flow) : FlowText.DestinationPort(flow);
        if (port > 0)
        {
            ServiceMapEdgeCounts.AddCapped(edge.Ports, _text.Number(port));
        }

        var protocol = FlowText.Protocol(flow);
        if (protocol.Length > 0)
        {
            ServiceMapEdgeCounts.AddCapped(edge.Protocols, protocol);
        }

        _graph.CountNodes(source, target, 1, dropped, l7Error);
    }

    private static string PolicyName(Policy policy) =>
        policy.Namespace.Length == 0 ? policy.Name : string.Concat(policy.Namespace, "/", policy.Name);

    /// <summary>Running totals and details of one edge, with the latency sketch of its L7 responses.</summary>
    public sealed class Edge : ServiceMapEdgeCounts
    {
        public LatencySketch? Latency { get; set; }
    }
}
