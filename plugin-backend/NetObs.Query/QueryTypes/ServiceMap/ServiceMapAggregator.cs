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
    private const int MaxDetailValues = 8;
    private readonly ServiceMapNodeNamer _namer = new(kind switch
    {
        NodeKind.Pod => ServiceMapNodeKind.Pod,
        NodeKind.Namespace => ServiceMapNodeKind.Namespace,
        NodeKind.Identity => ServiceMapNodeKind.Identity,
        _ => ServiceMapNodeKind.Workload,
    });
    private readonly Dictionary<(ServiceMapNodeNamer.NodeName, ServiceMapNodeNamer.NodeName), Edge> _edges = [];
    private readonly Dictionary<ServiceMapNodeNamer.NodeName, Node> _nodes = [];
    private readonly FlowText _text = new();

    public IReadOnlyDictionary<ServiceMapNodeNamer.NodeName, Node> Nodes => _nodes;

    public IReadOnlyDictionary<(ServiceMapNodeNamer.NodeName Source, ServiceMapNodeNamer.NodeName Target), Edge> Edges => _edges;

    public long Overflow { get; private set; }

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

        if (!_edges.TryGetValue((source, target), out var edge))
        {
            if (_edges.Count >= maxEdges)
            {
                Overflow++;
                return;
            }

            edge = new Edge();
            _edges[(source, target)] = edge;
        }

        var dropped = flow.Verdict is Verdict.Dropped or Verdict.Error;
        var l7Error = !dropped && FlowText.IsL7Error(flow);
        edge.Flows++;
        if (dropped)
        {
            edge.Dropped++;
            if (flow.Verdict == Verdict.Dropped)
            {
                AddCapped(edge.DropReasons, ProtoEnumNames.Of(flow.DropReasonDesc));
            }

            foreach (var policy in flow.IngressDeniedBy)
            {
                AddCapped(edge.DeniedBy, PolicyName(policy));
            }

            foreach (var policy in flow.EgressDeniedBy)
            {
                AddCapped(edge.DeniedBy, PolicyName(policy));
            }
        }

        if (l7Error)
        {
            edge.L7Errors++;
        }

        if (flow.L7 is { LatencyNs: > 0 } l7)
        {
            (edge.Latency ??= new LatencySketch()).Add(l7.LatencyNs);
        }

        var port = flow.IsReply == true ? FlowText.SourcePort(flow) : FlowText.DestinationPort(flow);
        if (port > 0)
        {
            AddCapped(edge.Ports, _text.Number(port));
        }

        var protocol = FlowText.Protocol(flow);
        if (protocol.Length > 0)
        {
            AddCapped(edge.Protocols, protocol);
        }

        Count(source, dropped, l7Error);
        if (!ReferenceEquals(source, target))
        {
            Count(target, dropped, l7Error);
        }
    }

    private void Count(ServiceMapNodeNamer.NodeName name, bool dropped, bool l7Error)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            node = new Node();
            _nodes[name] = node;
        }

        node.Flows++;
        if (dropped)
        {
            node.Dropped++;
        }
        else if (l7Error)
        {
            node.L7Errors++;
        }
    }

    private static string PolicyName(Policy policy) =>
        policy.Namespace.Length == 0 ? policy.Name : string.Concat(policy.Namespace, "/", policy.Name);

    private static void AddCapped(SortedSet<string> set, string value)
    {
        if (set.Count < MaxDetailValues || set.Contains(value))
        {
            set.Add(value);
        }
    }

    /// <summary>Running totals of one node.</summary>
    public sealed class Node
    {
        public long Flows { get; set; }

        public long Dropped { get; set; }

        public long L7Errors { get; set; }
    }

    /// <summary>Running totals and details of one edge.</summary>
    public sealed class Edge
    {
        public long Flows { get; set; }

        public long Dropped { get; set; }

        public long L7Errors { get; set; }

        public LatencySketch? Latency { get; set; }

        public SortedSet<string> Ports { get; } = new(Comparer<string>.Create(ComparePorts));

        public SortedSet<string> Protocols { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DropReasons { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DeniedBy { get; } = new(StringComparer.Ordinal);

        private static int ComparePorts(string? a, string? b) =>
            (a?.Length ?? 0) != (b?.Length ?? 0) ? (a?.Length ?? 0).CompareTo(b?.Length ?? 0) : string.CompareOrdinal(a, b);
    }
}
