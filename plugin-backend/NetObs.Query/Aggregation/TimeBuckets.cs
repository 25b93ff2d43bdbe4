namespace NetObs.Query.Aggregation;

/// <summary>Aligned time buckets over a range: starts are multiples of the interval since the Unix epoch, so panels line up.</summary>
/// <remarks>
/// All arithmetic is in nanoseconds and cannot overflow for any input: times are clamped to what a nanosecond Unix
/// timestamp holds, and the count is computed without adding the interval to a time (an interval of 922337203685477 ms
/// once wrapped to a negative width and 483 million buckets, issue 12).
/// </remarks>
public sealed class TimeBuckets
{
    /// <summary>Never more buckets than Grafana can draw; 11,000 is Grafana's own ceiling on points.</summary>
    public const int MaxBuckets = 11_000;

    private const long NsPerSecond = 1_000_000_000L;
    private const long NsPerMs = 1_000_000L;

    public TimeBuckets(DateTimeOffset since, DateTimeOffset until, TimeSpan requestedInterval, long maxDataPoints)
    {
        var sinceNs = ToNs(since);
        var untilNs = Math.Max(ToNs(until), sinceNs);
        var span = Math.Max(untilNs - sinceNs, 1);
        var maxBuckets = maxDataPoints > 0 ? Math.Min(maxDataPoints, MaxBuckets) : MaxBuckets;

        var requestedNs = requestedInterval.Ticks >= long.MaxValue / 100 ? long.MaxValue : requestedInterval.Ticks * 100;
        var interval = Math.Max(requestedNs, NsPerSecond);
        if (span / interval > maxBuckets)
        {
            interval = RoundUpToSeconds((span / maxBuckets) + (span % maxBuckets == 0 ? 0 : 1));
        }

        IntervalNs = interval;
        FirstStartNs = sinceNs - (sinceNs % interval);
        SinceNs = sinceNs;
        UntilNs = untilNs;
        var covered = untilNs - FirstStartNs;
        Count = (int)Math.Max(1, (covered / interval) + (covered % interval == 0 ? 0 : 1));
    }

    public long IntervalNs { get; }

    public long FirstStartNs { get; }

    public long SinceNs { get; }

    public long UntilNs { get; }

    /// <summary>At most <see cref="MaxBuckets"/> + 1 (alignment can add one partial bucket).</summary>
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

    /// <summary>Nanoseconds since the epoch, clamped to 1970…2262 (the range of a signed 64-bit nanosecond timestamp).</summary>
    public static long ToNs(DateTimeOffset time) => Math.Clamp(time.ToUnixTimeMilliseconds(), 0, long.MaxValue / NsPerMs) * NsPerMs;

    private static long RoundUpToSeconds(long ns) => ns >= long.MaxValue - NsPerSecond ? long.MaxValue / NsPerSecond * NsPerSecond : ((ns + NsPerSecond - 1) / NsPerSecond) * NsPerSecond;
}
