using System.Globalization;

namespace NetObs.Simulator.Options;

/// <summary>Parses Go-style durations (`90s`, `5m`, `1h30m`, `250ms`) as `hubble observe --since` accepts them.</summary>
public static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        if (text == "0")
        {
            return true;
        }

        var total = 0.0;
        var index = 0;
        while (index < text.Length)
        {
            var numberStart = index;
            while (index < text.Length && (char.IsAsciiDigit(text[index]) || text[index] == '.'))
            {
                index++;
            }

            if (index == numberStart
                || !double.TryParse(text.AsSpan(numberStart, index - numberStart), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var number))
            {
                return false;
            }

            var unitStart = index;
            while (index < text.Length && char.IsAsciiLetter(text[index]))
            {
                index++;
            }

            double? milliseconds = text.AsSpan(unitStart, index - unitStart) switch
            {
                "h" => 3_600_000,
                "m" => 60_000,
                "s" => 1_000,
                "ms" => 1,
                "us" or "µs" => 0.001,
                "ns" => 0.000_001,
                _ => null,
            };
            if (milliseconds is null)
            {
                return false;
            }

            total += number * milliseconds.Value;
        }

        duration = TimeSpan.FromMilliseconds(total);
        return true;
    }
}
