using System.Globalization;

namespace NetObs.History.Options;

/// <summary>
/// Parses retention durations: a whole number and a unit, optionally chained (<c>7d</c>, <c>36h</c>,
/// <c>1d12h</c>, <c>90m</c>). Days are allowed because retention is counted in days, unlike Go durations.
/// </summary>
public static class RetentionParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var index = 0;
        var total = TimeSpan.Zero;
        while (index < text.Length)
        {
            var start = index;
            while (index < text.Length && char.IsAsciiDigit(text[index]))
            {
                index++;
            }

            if (index == start || index - start > 6
                || !int.TryParse(text.AsSpan(start, index - start), NumberStyles.None, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = index;
            while (index < text.Length && char.IsAsciiLetter(text[index]))
            {
                index++;
            }

            TimeSpan? unit = text.AsSpan(unitStart, index - unitStart) switch
            {
                "w" => TimeSpan.FromDays(7),
                "d" => TimeSpan.FromDays(1),
                "h" => TimeSpan.FromHours(1),
                "m" => TimeSpan.FromMinutes(1),
                "s" => TimeSpan.FromSeconds(1),
                _ => null,
            };
            if (unit is null)
            {
                return false;
            }

            total += unit.Value * number;
        }

        duration = total;
        return true;
    }
}
