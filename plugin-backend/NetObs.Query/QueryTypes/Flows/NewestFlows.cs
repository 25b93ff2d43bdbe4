using Cilium.Flow;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Flows;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.Flows;

/// <summary>Keeps the newest (or, for --first, the oldest) <c>limit</c> flows of a stream and nothing more.</summary>
/// <param name="sinceNs">Flows older than this are not counted: a history server asked for the newest N before <c>until</c> may send older ones.</param>
public sealed class NewestFlows(int limit, bool oldest, long sinceNs = long.MinValue) : IFlowSink
{
    private readonly PriorityQueue<FlowRecord, long> _kept = new(Math.Min(limit, 4096) + 1);

    public long Matched { get; private set; }

    public void Add(Flow flow, long timeNs, string nodeName)
    {
        if (timeNs < sinceNs)
        {
            return;
        }

        Matched++;

        // The heap's root is the flow to evict first: the oldest one when keeping the newest.
        var priority = oldest ? -timeNs : timeNs;
        if (_kept.Count < limit)
        {
            _kept.Enqueue(new FlowRecord(flow, timeNs, nodeName), priority);
        }
        else if (limit > 0 && _kept.TryPeek(out _, out var evict) && priority > evict)
        {
            _kept.DequeueEnqueue(new FlowRecord(flow, timeNs, nodeName), priority);
        }
    }

    /// <summary>The kept flows, newest first.</summary>
    public IReadOnlyList<FlowRecord> NewestFirst()
    {
        var flows = _kept.UnorderedItems.Select(i => i.Element).ToArray();
        Array.Sort(flows, static (a, b) => b.TimeNs.CompareTo(a.TimeNs));
        return flows;
    }
}
