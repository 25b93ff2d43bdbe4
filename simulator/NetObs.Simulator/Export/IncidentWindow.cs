namespace NetObs.Simulator.Export;

/// <summary>When the exported incident's policy denies: from <see cref="Start"/> (inclusive) to <see cref="End"/> (exclusive), Unix nanoseconds.</summary>
public readonly record struct IncidentWindow(long Start, long End)
{
    public bool Contains(long unixNanos) => unixNanos >= Start && unixNanos < End;

    public static DateTimeOffset ToTime(long unixNanos) => DateTimeOffset.UnixEpoch.AddTicks(unixNanos / 100);
}
