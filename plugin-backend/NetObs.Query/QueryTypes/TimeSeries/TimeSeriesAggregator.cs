using Cilium.Flow;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Aggregation;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.TimeSeries;

/// <summary>Counts flows, or collects L7 latencies, per group and time bucket; memory grows with groups × buckets, not flows.</summary>
public sealed class TimeSeriesAggregator(IReadOnlyList<FlowDimension> groupBy, TimeBuckets buckets, bool latency, int maxSeries) : IFlowSink
{
    private readonly GroupKeyReader _keys = new(groupBy);
    private readonly Dictionary<GroupKey, Series> _series = [];
    private GroupKey _lastKey;
    private Series? _last;

    public GroupKeyReader Keys => _keys;

    public TimeBuckets Buckets => buckets;

    public IReadOnlyDictionary<GroupKey, Series> Groups => _series;

    /// <summary>Flows that fell into groups beyond <c>maxSeries</c> and were left out.</summary>
    public long Overflow { get; private set; }

    public long Counted { get; private set; }

    public void Add(Flow flow, long timeNs, string nodeName)
    {
        var index = buckets.IndexOf(timeNs);
        if (index < 0)
        {
            return;
        }

        ulong latencyNs = 0;
        if (latency)
        {
            latencyNs = flow.L7?.LatencyNs ?? 0;
            if (latencyNs == 0)
            {
                return;
            }
        }

        var key = _keys.Read(flow);

        // Consecutive flows often share a group; skip the hash lookup then.
        var series = _last is not null && key.Equals(_lastKey) ? _last : Find(key);
        if (series is null)
        {
            Overflow++;
            return;
        }

        Counted++;
        if (latency)
        {
            (series.Latencies[index] ??= new LatencySketch()).Add(latencyNs);
        }
        else
        {
            series.Counts[index]++;
        }

        series.Total++;
    }

    private Series? Find(GroupKey key)
    {
        if (!_series.TryGetValue(key, out var series))
        {
            if (_series.Count >= maxSeries)
            {
                return null;
            }

            series = new Series(buckets.Count, latency);
            _series[key] = series;
        }

        (_lastKey, _last) = (key, series);
        return series;
    }

    /// <summary>One group's per-bucket counts or latency sketches.</summary>
    public sealed class Series(int buckets, bool latency)
    {
        public long[] Counts { get; } = latency ? [] : new long[buckets];

        public LatencySketch?[] Latencies { get; } = latency ? new LatencySketch?[buckets] : [];

        public long Total { get; set; }
    }
}
