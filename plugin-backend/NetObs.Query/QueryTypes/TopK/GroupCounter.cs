using Cilium.Flow;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.TopK;

/// <summary>Counts flows per group with first/last seen and, when asked, an L7 latency sketch; bounded by <c>maxGroups</c>.</summary>
public sealed class GroupCounter(IReadOnlyList<FlowDimension> groupBy, bool latency, int maxGroups, long sinceNs, long untilNs) : IFlowSink
{
    private readonly GroupKeyReader _keys = new(groupBy);
    private readonly Dictionary<GroupKey, Group> _groups = [];

    public GroupKeyReader Keys => _keys;

    public IReadOnlyDictionary<GroupKey, Group> Groups => _groups;

    public long Total { get; private set; }

    public long Overflow { get; private set; }

    public void Add(Flow flow, long timeNs, string nodeName)
    {
        if (timeNs < sinceNs || timeNs > untilNs)
        {
            return;
        }

        var key = _keys.Read(flow);
        if (!_groups.TryGetValue(key, out var group))
        {
            if (_groups.Count >= maxGroups)
            {
                Overflow++;
                Total++;
                return;
            }

            group = new Group { FirstSeenNs = timeNs, LastSeenNs = timeNs };
            _groups[key] = group;
        }

        Total++;
        group.Count++;
        group.FirstSeenNs = Math.Min(group.FirstSeenNs, timeNs);
        group.LastSeenNs = Math.Max(group.LastSeenNs, timeNs);
        if (latency && flow.L7 is { LatencyNs: > 0 } l7)
        {
            (group.Latency ??= new LatencySketch()).Add(l7.LatencyNs);
        }
    }

    /// <summary>One group's running totals.</summary>
    public sealed class Group
    {
        public long Count { get; set; }

        public long FirstSeenNs { get; set; }

        public long LastSeenNs { get; set; }

        public LatencySketch? Latency { get; set; }
    }
}
