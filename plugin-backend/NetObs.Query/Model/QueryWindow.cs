using System.Globalization;

namespace NetObs.Query.Model;

/// <summary>The time range and resolution Grafana asked for with a query.</summary>
public sealed record QueryWindow(DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, long MaxDataPoints)
{
    /// <summary>The latest time a flow timestamp (signed 64-bit nanoseconds since 1970) can hold: 2262-04-11.</summary>
    public static readonly DateTimeOffset Latest = DateTimeOffset.UnixEpoch.AddTicks(long.MaxValue / 100);

    public TimeSpan Length => To - From;

    /// <summary>What is out of range in this window, as a sentence naming the field and the allowed range; null when all is in range.</summary>
    public string? Problem()
    {
        if (From < DateTimeOffset.UnixEpoch || From > Latest)
        {
            return $"timeRange.from is {Show(From)}; it must be between 1970-01-01 and 2262-04-11 (the range of Hubble's nanosecond flow timestamps).";
        }

        if (To < DateTimeOffset.UnixEpoch || To > Latest)
        {
            return $"timeRange.to is {Show(To)}; it must be between 1970-01-01 and 2262-04-11 (the range of Hubble's nanosecond flow timestamps).";
        }

        if (To < From)
        {
            return $"timeRange.to ({Show(To)}) is before timeRange.from ({Show(From)}); the range must not end before it starts.";
        }

        if (Interval < TimeSpan.Zero)
        {
            return string.Create(CultureInfo.InvariantCulture, $"intervalMs is {Interval.TotalMilliseconds}; it must be 0 or more milliseconds.");
        }

        return MaxDataPoints < 0
            ? string.Create(CultureInfo.InvariantCulture, $"maxDataPoints is {MaxDataPoints}; it must be 0 (no preference) or more.")
            : null;
    }

    private static string Show(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
