using System.Globalization;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Reads <c>--since</c>/<c>--until</c> values as the CLI does: a Go duration (units ns, us, ms, s,
/// m, h; no days) meaning "that long ago", or one of the time layouts 2006-01-02,
/// 2006-01-02T15Z07:00, 2006-01-02T15:04Z07:00, RFC3339 (with up to 9 fractional digits) and RFC1123Z.
/// </summary>
internal static class ObserveTimeParser
{
    private static readonly string[] OffsetLayouts =
    [
        "yyyy-MM-dd'T'HHzzz",
        "yyyy-MM-dd'T'HH:mmzzz",
        "yyyy-MM-dd'T'HH:mm:sszzz",
        "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz",
    ];

    public static bool TryParse(string value, DateTimeOffset now, out DateTimeOffset time, out TimeSpan? ago)
    {
        ago = null;
        if (TryParseGoDuration(value, out var duration))
        {
            ago = duration;

            // A duration that reaches before year 1 cannot be subtracted; the caller reports it as before the earliest flow time.
            time = duration.Ticks > (now - DateTimeOffset.MinValue).Ticks ? DateTimeOffset.MinValue : now - duration;
            return true;
        }

        return TryParseTime(value, out time);
    }

    public static bool TryParseGoDuration(string value, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (value == "0")
        {
            return true;
        }

        var i = 0;
        var ticks = 0m;
        if (value.Length == 0)
        {
            return false;
        }

        while (i < value.Length)
        {
            var start = i;
            while (i < value.Length && (char.IsAsciiDigit(value[i]) || value[i] == '.'))
            {
                i++;
            }

            if (i == start || !decimal.TryParse(value.AsSpan(start, i - start), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = i;
            while (i < value.Length && !char.IsAsciiDigit(value[i]) && value[i] != '.')
            {
                i++;
            }

            decimal? ticksPerUnit = value[unitStart..i] switch
            {
                "ns" => 0.01m,
                "us" or "µs" or "μs" => 10m,
                "ms" => TimeSpan.TicksPerMillisecond,
                "s" => TimeSpan.TicksPerSecond,
                "m" => TimeSpan.TicksPerMinute,
                "h" => TimeSpan.TicksPerHour,
                _ => null,
            };
            if (ticksPerUnit is null)
            {
                return false;
            }

            // Saturate instead of overflowing: "99999999999999999999h" is a valid duration, just longer than any flow's age,
            // and the caller says so in words (decimal arithmetic would throw an overflow here).
            var limit = TimeSpan.MaxValue.Ticks / ticksPerUnit.Value;
            ticks = number > limit || ticks + (number * ticksPerUnit.Value) > TimeSpan.MaxValue.Ticks
                ? TimeSpan.MaxValue.Ticks
                : ticks + (number * ticksPerUnit.Value);
        }

        duration = TimeSpan.FromTicks((long)ticks);
        return true;
    }

    /// <summary>The earliest time a --since/--until may name: the Unix epoch, before which no flow has a timestamp.</summary>
    public static readonly DateTimeOffset Earliest = DateTimeOffset.UnixEpoch;

    /// <summary>The latest time a --since/--until may name: the end of the range of nanosecond Unix timestamps (2262-04-11).</summary>
    public static readonly DateTimeOffset Latest = DateTimeOffset.UnixEpoch.AddTicks(long.MaxValue / 100);

    public static string FormatGoDuration(TimeSpan duration)
    {
        if (duration == TimeSpan.Zero)
        {
            return "0s";
        }

        var parts = new List<string>();
        var hours = (long)duration.TotalHours;
        if (hours > 0)
        {
            parts.Add($"{hours}h");
        }

        if (duration.Minutes > 0)
        {
            parts.Add($"{duration.Minutes}m");
        }

        var seconds = duration - TimeSpan.FromHours(hours) - TimeSpan.FromMinutes(duration.Minutes);
        if (seconds > TimeSpan.Zero)
        {
            parts.Add(seconds.Ticks % TimeSpan.TicksPerSecond == 0
                ? $"{(long)seconds.TotalSeconds}s"
                : $"{seconds.TotalMilliseconds.ToString(CultureInfo.InvariantCulture)}ms");
        }

        return string.Concat(parts);
    }

    private static bool TryParseTime(string value, out DateTimeOffset time)
    {
        if (DateTimeOffset.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out time))
        {
            return true;
        }

        // RFC1123Z: "Mon, 02 Jan 2006 15:04:05 -0700"; .NET's zzz wants a colon, so read the offset by hand.
        if (value.Length > 6 && value[^5] is '+' or '-' && value[^6] == ' '
            && int.TryParse(value.AsSpan(value.Length - 4), NumberStyles.None, CultureInfo.InvariantCulture, out var hhmm)
            && DateTime.TryParseExact(value[..^6], "ddd, dd MMM yyyy HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            var offset = new TimeSpan(hhmm / 100, hhmm % 100, 0);
            time = new DateTimeOffset(local, value[^5] == '-' ? -offset : offset);
            return true;
        }

        var normalized = value.EndsWith('Z') ? value[..^1] + "+00:00" : value;

        // Go allows 9 fractional digits; .NET keeps 7, so drop the nanoseconds beyond ticks.
        var dot = normalized.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < normalized.Length && char.IsAsciiDigit(normalized[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                normalized = normalized[..(dot + 8)] + normalized[end..];
            }
        }

        return DateTimeOffset.TryParseExact(normalized, OffsetLayouts, CultureInfo.InvariantCulture, DateTimeStyles.None, out time);
    }
}
