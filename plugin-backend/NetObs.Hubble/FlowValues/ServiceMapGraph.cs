namespace NetObs.Hubble.FlowValues;

/// <summary>
/// Service-map nodes and client→server edges in the order they were first seen, with at most <c>maxEdges</c> edges:
/// flows of a new edge past the cap count as overflow. Shared by the plugin's in-memory aggregator (one flow at a
/// time) and the history store's SQL service map (groups of flows in order of their first flow), so both keep the
/// same edges and count them the same way.
/// </summary>
public sealed class ServiceMapGraph<TEdge>(int maxEdges)
    where TEdge : ServiceMapEdgeCounts, new()
{
    private readonly Dictionary<(ServiceMapNodeNamer.NodeName, ServiceMapNodeNamer.NodeName), TEdge> _edges = [];
    private readonly Dictionary<ServiceMapNodeNamer.NodeName, ServiceMapCounts> _nodes = [];

    /// <summary>Nodes in first-seen order (a dictionary that is only added to enumerates in insertion order).</summary>
    public IReadOnlyDictionary<ServiceMapNodeNamer.NodeName, ServiceMapCounts> Nodes => _nodes;

    /// <summary>Edges in first-seen order.</summary>
    public IReadOnlyDictionary<(ServiceMapNodeNamer.NodeName Source, ServiceMapNodeNamer.NodeName Target), TEdge> Edges => _edges;

    /// <summary>Flows that were not counted because their edge would have been past the cap.</summary>
    public long Overflow { get; private set; }

    /// <summary>
    /// The edge from <paramref name="source"/> to <paramref name="target"/> (replies already turned client→server),
    /// or null when it is new and the map is full; then <paramref name="flows"/> count as overflow.
    /// </summary>
    public TEdge? Edge(ServiceMapNodeNamer.NodeName source, ServiceMapNodeNamer.NodeName target, long flows)
    {
        if (_edges.TryGetValue((source, target), out var edge))
        {
            return edge;
        }

        if (_edges.Count >= maxEdges)
        {
            Overflow += flows;
            return null;
        }

        edge = new TEdge();
        _edges[(source, target)] = edge;
        return edge;
    }

    /// <summary>Counts flows on both nodes of an edge, once when both ends are the same node.</summary>
    public void CountNodes(ServiceMapNodeNamer.NodeName source, ServiceMapNodeNamer.NodeName target, long flows, bool dropped, bool l7Error)
    {
        Node(source).Count(flows, dropped, l7Error);
        if (!ReferenceEquals(source, target))
        {
            Node(target).Count(flows, dropped, l7Error);
        }
    }

    private ServiceMapCounts Node(ServiceMapNodeNamer.NodeName name)
    {
        if (!_nodes.TryGetValue(name, out var node))
        {
            node = new ServiceMapCounts();
            _nodes[name] = node;
        }

        return node;
    }
}
