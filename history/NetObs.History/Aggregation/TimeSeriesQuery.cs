using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>
/// A time series over the flows of <see cref="Flows"/> (its time range, filters and clusters; limit and order are
/// ignored). Buckets start at <see cref="FirstStartNs"/> and are <see cref="IntervalNs"/> wide; a flow at time t
/// in the range falls into bucket min((t - FirstStartNs) / IntervalNs, BucketCount - 1), as NetObs.Query's TimeBuckets.
/// </summary>
/// <param name="GroupBy">Dimension names of the query model (NetObs.Hubble.FlowValues.FlowDimensions), e.g. <c>verdict</c>, <c>source_namespace</c>.</param>
/// <param name="Metric">Count flows, or collect L7 latencies (flows without a latency are left out).</param>
/// <param name="Quantiles">For <see cref="AggregationMetric.Latency"/>: the quantiles to report, e.g. 0.5, 0.95, 0.99.</param>
/// <param name="MaxSeries">At most this many groups; flows of further groups are counted in <see cref="TimeSeriesResult.Overflow"/>.</param>
public sealed record TimeSeriesQuery(
    FlowReadRequest Flows,
    IReadOnlyList<string> GroupBy,
    long FirstStartNs,
    long IntervalNs,
    int BucketCount,
    AggregationMetric Metric,
    IReadOnlyList<double> Quantiles,
    int MaxSeries);

/// <summary>What a time series or top-N measures; a rate is a count divided by the bucket or range width, done by the caller.</summary>
public enum AggregationMetric
{
    Count = 0,
    Latency = 1,
}

/// <summary>The series of a <see cref="TimeSeriesQuery"/>; <see cref="Counted"/> flows went into series, <see cref="Overflow"/> did not fit.</summary>
public sealed record TimeSeriesResult(IReadOnlyList<long> BucketStartsNs, IReadOnlyList<TimeSeries> Series, long Counted, long Overflow);

/// <summary>
/// One group: its values in <c>GroupBy</c> order, flow counts per bucket (Count metric) or, per requested quantile,
/// the latency in nanoseconds per bucket (null for a bucket without samples; Latency metric).
/// </summary>
public sealed record TimeSeries(IReadOnlyList<string> GroupValues, IReadOnlyList<long> Counts, IReadOnlyList<IReadOnlyList<double?>> Quantiles, long Total);
