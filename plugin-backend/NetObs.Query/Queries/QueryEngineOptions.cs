namespace NetObs.Query.Queries;

/// <summary>Tuning of the engine's sharing: how long to gather queries onto one relay stream, and how long and how many results to keep.</summary>
public sealed record QueryEngineOptions(TimeSpan GatherWindow, TimeSpan CacheLifetime, int CacheCapacity, TimeProvider Time)
{
    /// <summary>25 ms gathers the panels of one dashboard refresh; 5 s of results covers concurrent viewers.</summary>
    public static QueryEngineOptions Default { get; } = new(TimeSpan.FromMilliseconds(25), TimeSpan.FromSeconds(5), 256, TimeProvider.System);

    /// <summary>
    /// How far apart the ends of two windows ending at "now" may be for the queries to share one run (never more than
    /// <see cref="CacheLifetime"/>): viewers of one dashboard refresh milliseconds to a second apart.
    /// </summary>
    public TimeSpan LiveShareTolerance { get; init; } = TimeSpan.FromSeconds(1);
}
