using System.Text.RegularExpressions;

namespace NetObs.Generator.Alerts;

/// <summary>Prometheus durations (as the configuration accepts them: a number and s, m or h) in ISO-8601 form for Azure.</summary>
public static partial class PrometheusDuration
{
    /// <summary>10m → PT10M, 90s → PT1M30S, 2h → PT2H, 0s → PT0S.</summary>
    public static string ToIso8601(string duration)
    {
        var match = Pattern().Match(duration);
        if (!match.Success)
        {
            throw new ArgumentException($"'{duration}' is not a duration such as 5m (a whole number followed by s, m or h).", nameof(duration));
        }

        var value = long.Parse(match.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture);
        var seconds = match.Groups["unit"].Value switch
        {
            "h" => value * 3600,
            "m" => value * 60,
            _ => value,
        };
        if (seconds == 0)
        {
            return "PT0S";
        }

        var (hours, minutes, rest) = (seconds / 3600, seconds % 3600 / 60, seconds % 60);
        return "PT" + (hours > 0 ? $"{hours}H" : "") + (minutes > 0 ? $"{minutes}M" : "") + (rest > 0 ? $"{rest}S" : "");
    }

    [GeneratedRegex("^(?<value>[0-9]+)(?<unit>[smh])$")]
    private static partial Regex Pattern();
}
