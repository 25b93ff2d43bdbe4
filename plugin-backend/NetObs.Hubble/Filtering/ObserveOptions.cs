namespace NetObs.Hubble.Filtering;

/// <summary>
/// The request options of a <c>hubble observe</c> line: time bounds, how many flows, and follow.
/// Relative bounds (<c>--since 5m</c>) are resolved against the parse time and also kept as durations.
/// </summary>
public sealed record ObserveOptions
{
    /// <summary>Lower time bound (<c>--since</c>).</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Upper time bound (<c>--until</c>).</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>The duration typed for a relative <c>--since</c>, so it can be re-resolved later.</summary>
    public TimeSpan? SinceAgo { get; init; }

    /// <summary>The duration typed for a relative <c>--until</c>.</summary>
    public TimeSpan? UntilAgo { get; init; }

    /// <summary>Newest N flows per node (<c>--last N</c>; <c>--all</c> is <see cref="ulong.MaxValue"/>).</summary>
    public ulong? Last { get; init; }

    /// <summary>Oldest N flows per node (<c>--first N</c>).</summary>
    public ulong? First { get; init; }

    /// <summary>Keep streaming new flows (<c>--follow</c>).</summary>
    public bool Follow { get; init; }
}
