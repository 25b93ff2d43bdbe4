namespace NetObs.Hubble.FlowValues;

/// <summary>
/// An edge's counts and the details it keeps: up to <see cref="MaxDetailValues"/> distinct ports (in numeric order),
/// protocols, drop reasons and denying policies (in ordinal order); values past the cap are not kept.
/// </summary>
public class ServiceMapEdgeCounts : ServiceMapCounts
{
    public const int MaxDetailValues = 8;

    public SortedSet<string> Ports { get; } = new(Comparer<string>.Create(ComparePorts));

    public SortedSet<string> Protocols { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> DropReasons { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> DeniedBy { get; } = new(StringComparer.Ordinal);

    /// <summary>Adds a value to one of the detail sets unless it is full and does not hold the value yet.</summary>
    public static void AddCapped(SortedSet<string> set, string value)
    {
        ArgumentNullException.ThrowIfNull(set);
        if (set.Count < MaxDetailValues || set.Contains(value))
        {
            set.Add(value);
        }
    }

    // Port numbers as text: shorter is smaller, then ordinal, which is numeric order without parsing.
    private static int ComparePorts(string? a, string? b) =>
        (a?.Length ?? 0) != (b?.Length ?? 0) ? (a?.Length ?? 0).CompareTo(b?.Length ?? 0) : string.CompareOrdinal(a, b);
}
