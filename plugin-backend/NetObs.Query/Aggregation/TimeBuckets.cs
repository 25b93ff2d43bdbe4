namespace NetObs.Query.Aggregation;

/// <summary>Aligned time buckets over a range: starts are multiples of the interval since the Unix epoch, so panels line up.</summary>
public sealed class TimeBuckets
{
    public TimeBuckets(DateTimeOffset since, DateTimeOffset until, TimeSpan requestedInterval, long maxDataPoints)
    {
        var interval = Math.Max(requestedInterval.Ticks, TimeSpan.TicksPerSecond);
        var span = Math.Max((until - since).Ticks, 1);

        // Never more buckets than Grafana can draw; 11,000 is Grafana's own ceiling on points.
        var maxBuckets = maxDataPoints > 0 ? Math.Min(maxDataPoints, 11_000) : 11_000;
        if (span / interval > maxBuckets)
        {
            interval = (long)Math.Ceiling(span / (double)maxBuckets / TimeSpan.TicksPerSecond) * TimeSpan.TicksPerSecond;
        }

        IntervalNs = interval * 100;
        var sinceNs = since.ToUnixTimeMilliseconds() * 1_000_000L;
        var untilNs = until.ToUnixTimeMilliseconds() * 1_000_000L;
        FirstStartNs = sinceNs - (((sinceNs % IntervalNs) + IntervalNs) % IntervalNs);
        SinceNs = sinceNs;
        UntilNs = untilNs;
        Count = (int)Math.Max(1, (untilNs - FirstStartNs + IntervalNs - 1) / IntervalNs);
    }

    public long IntervalNs { get; }

    public long FirstStartNs { get; }

    public long SinceNs { get; }

    public long UntilNs { get; }

    public int Count { get; }

    public TimeSpan Interval => TimeSpan.FromTicks(IntervalNs / 100);

    /// <summary>The bucket of a time, or -1 when the time is outside the range.</summary>
    public int IndexOf(long timeNs) =>
        timeNs < SinceNs || timeNs > UntilNs ? -1 : (int)Math.Min((timeNs - FirstStartNs) / IntervalNs, Count - 1);

    public long[] Starts()
    {
        var starts = new long[Count];
        for (var i = 0; i < starts.Length; i++)
        {
            starts[i] = FirstStartNs + (i * IntervalNs);
        }

        return starts;
    }
}
