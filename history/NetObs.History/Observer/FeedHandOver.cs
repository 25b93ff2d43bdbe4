using NetObs.History.Storage;

namespace NetObs.History.Observer;

/// <summary>
/// Splits a followed GetFlows between the store and the live feed without gap or duplicate. Each node's
/// flows reach the store in time order, so per node: flows up to the newest time stored when the
/// subscription began come from the store, later ones from the feed. Flows at exactly that time may be
/// in both, and are told apart by their bytes.
/// </summary>
public sealed class FeedHandOver(IReadOnlyDictionary<(string Cluster, string Node), long> storedUpTo)
{
    private readonly Dictionary<(string, string), List<byte[]>> _sentAtBoundary = [];

    /// <summary>Whether the stored flow belongs to the store's part; remembers flows at the boundary.</summary>
    public bool TakeFromStore(StoredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var key = (flow.Cluster, flow.Node);
        if (!storedUpTo.TryGetValue(key, out var upTo) || flow.TimeNs > upTo)
        {
            return false;
        }

        if (flow.TimeNs == upTo)
        {
            if (!_sentAtBoundary.TryGetValue(key, out var sent))
            {
                sent = [];
                _sentAtBoundary[key] = sent;
            }

            sent.Add(flow.Original.ToArray());
        }

        return true;
    }

    /// <summary>Whether a live flow is new to this client.</summary>
    public bool TakeFromFeed(StoredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        var key = (flow.Cluster, flow.Node);
        if (!storedUpTo.TryGetValue(key, out var upTo) || flow.TimeNs > upTo)
        {
            return true;
        }

        if (flow.TimeNs < upTo || !_sentAtBoundary.TryGetValue(key, out var sent))
        {
            return flow.TimeNs == upTo;
        }

        var original = flow.Original.Span;
        foreach (var bytes in sent)
        {
            if (original.SequenceEqual(bytes))
            {
                return false;
            }
        }

        return true;
    }
}
