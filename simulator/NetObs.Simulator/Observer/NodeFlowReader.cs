using Cilium.Flow;
using NetObs.Simulator.Buffer;

namespace NetObs.Simulator.Observer;

/// <summary>
/// Reads one node's ring buffer for one GetFlows call with the per-node semantics of Hubble's local
/// observer (hubble-api.md §5.3): where to start (first, live, or walking back over `number` matching
/// flows, `since` taking precedence), then forward with since/until/number, reporting a LostEvent
/// when the writer laps the reader. Lost-events records bypass filters and bounds.
/// </summary>
public sealed class NodeFlowReader
{
    private readonly SimulatedNodeBuffer _node;
    private readonly FlowQuery _query;
    private readonly long _end;
    private long _cursor;
    private ulong _matched;

    public NodeFlowReader(SimulatedNodeBuffer node, FlowQuery query)
    {
        _node = node;
        _query = query;
        var ring = node.Ring;
        _end = ring.Written;
        _cursor = StartPosition(ring, query, _end);
    }

    /// <summary>True once this node has nothing more to give: end of buffer, `number` reached, or past `until`.</summary>
    public bool Done { get; private set; }

    public int NodeIndex => _node.Index;

    /// <summary>Appends what is available now to <paramref name="output"/>; returns how many items it added.</summary>
    public int ReadAvailable(List<ReadItem> output, long nowUnixNanos, int maxItems = int.MaxValue)
    {
        var ring = _node.Ring;
        var limit = _query.Follow ? ring.Written : _end;
        var added = 0;
        while (!Done && _cursor < limit && added < maxItems)
        {
            var item = ring.Read(_cursor);
            if (item is null)
            {
                var oldest = ring.Oldest;
                if (_cursor >= oldest)
                {
                    break;
                }

                // The writer lapped us: say how many events were lost, then carry on from the oldest.
                var lost = new LostEvent { Source = LostEventSource.HubbleRingBuffer, NumEventsLost = (ulong)(oldest - _cursor) };
                output.Add(new ReadItem(nowUnixNanos, _node.Index, _cursor, null, lost));
                added++;
                _cursor = oldest;
                continue;
            }

            _cursor++;
            if (item.Lost is not null)
            {
                output.Add(new ReadItem(item.TimeUnixNanos, _node.Index, item.Sequence, item, null));
                added++;
                continue;
            }

            if (item.TimeUnixNanos < _query.SinceUnixNanos)
            {
                continue;
            }

            if (item.TimeUnixNanos > _query.UntilUnixNanos)
            {
                Done = true;
                break;
            }

            if (!_query.Matches(item.Flow!))
            {
                continue;
            }

            output.Add(new ReadItem(item.TimeUnixNanos, _node.Index, item.Sequence, item, null));
            added++;
            _matched++;
            if (!_query.Follow && _query.Number > 0 && _matched >= _query.Number)
            {
                Done = true;
            }
        }

        if (!_query.Follow && _cursor >= _end)
        {
            Done = true;
        }

        return added;
    }

    private static long StartPosition(FlowRingBuffer ring, FlowQuery query, long written)
    {
        var oldest = Math.Max(0, written - ring.Capacity);
        if (query.First && query.SinceUnixNanos is null)
        {
            return oldest;
        }

        if (query.Follow && query.Number == 0 && query.SinceUnixNanos is null)
        {
            return written;
        }

        ulong counted = 0;
        for (var position = written - 1; position >= oldest; position--)
        {
            var item = ring.Read(position);
            if (item is null || item.TimeUnixNanos < query.SinceUnixNanos)
            {
                return position + 1;
            }

            if (!query.First && query.Number > 0 && item.Flow is not null && query.Matches(item.Flow) && ++counted == query.Number)
            {
                return position;
            }
        }

        return oldest;
    }
}
