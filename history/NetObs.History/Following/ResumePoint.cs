using NetObs.History.Storage;

namespace NetObs.History.Following;

/// <summary>
/// What a follower has already stored, per node of its cluster: read from the store at start, advanced
/// with every accepted flow. It decides the <c>since</c> of each reconnect and which flows the relay sends
/// again at the boundary.
/// </summary>
public sealed class ResumePoint
{
    private readonly Dictionary<string, NodeWatermark> _nodes = new(StringComparer.Ordinal);

    /// <summary>The nodes the cluster has stored flows for.</summary>
    public IReadOnlyDictionary<string, NodeWatermark> Nodes => _nodes;

    /// <summary>Reads where the cluster's stored flows end, node by node.</summary>
    public static async Task<ResumePoint> LoadAsync(IFlowStore store, string cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var point = new ResumePoint();
        var summary = await store.SummarizeAsync(cancellationToken).ConfigureAwait(false);
        foreach (var node in summary.Nodes.Where(n => n.Cluster == cluster && n.FlowCount > 0))
        {
            var atNewest = new List<ReadOnlyMemory<byte>>();
            var request = new FlowReadRequest { SinceNs = node.NewestNs, UntilNs = node.NewestNs, Clusters = [cluster] };
            await foreach (var flow in store.ReadAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (flow.Node == node.Node)
                {
                    atNewest.Add(flow.Original);
                }
            }

            point._nodes[node.Node] = new NodeWatermark(node.NewestNs, atNewest);
        }

        return point;
    }

    /// <summary>
    /// The <c>since</c> to ask the relay for: the oldest node watermark, so that every node can resume
    /// from its own; null when nothing is stored, to take everything the relay still holds.
    /// </summary>
    public long? SinceNs => _nodes.Count == 0 ? null : _nodes.Values.Min(n => n.NewestNs);

    /// <summary>The watermark of a node, or null for a node with nothing stored.</summary>
    public NodeWatermark? Of(string node) => _nodes.GetValueOrDefault(node);

    /// <summary>Records an accepted flow.</summary>
    public void Advance(string node, long timeNs, ReadOnlyMemory<byte> original)
    {
        if (!_nodes.TryGetValue(node, out var watermark))
        {
            watermark = new NodeWatermark(timeNs, []);
            _nodes[node] = watermark;
        }

        watermark.Advance(timeNs, original);
    }
}
