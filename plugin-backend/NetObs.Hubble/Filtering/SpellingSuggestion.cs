namespace NetObs.Hubble.Filtering;

/// <summary>Picks the closest known word for a "did you mean" hint (edit distance, case-insensitive).</summary>
public static class SpellingSuggestion
{
    /// <summary>The candidate closest to <paramref name="typed"/>, or null when even the closest is a different word, not a typo.</summary>
    public static string? Closest(string typed, IEnumerable<string> candidates)
    {
        string? best = null;
        var bestDistance = int.MaxValue;

        // More than a third of the letters wrong is a different word, not a typo.
        var allowed = Math.Max(2, typed.Length / 3);
        var lowered = typed.ToLowerInvariant();
        foreach (var candidate in candidates)
        {
            // The distance is at least the difference in length; skipping those keeps a 5 MB word linear, not 5 s.
            if (Math.Abs(candidate.Length - typed.Length) > allowed)
            {
                continue;
            }

            var distance = Distance(lowered, candidate.ToLowerInvariant());
            if (distance < bestDistance)
            {
                bestDistance = distance;
                best = candidate;
            }
        }

        return bestDistance <= allowed ? best : null;
    }

    /// <summary>"; did you mean '&lt;prefix&gt;&lt;closest&gt;'?" to append to an error, or empty when nothing is close.</summary>
    public static string Hint(string typed, IEnumerable<string> candidates, string prefix = "")
    {
        var closest = Closest(typed, candidates);
        return closest is null ? string.Empty : $"; did you mean '{prefix}{closest}'?";
    }

    private static int Distance(string a, string b)
    {
        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }
}
