using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>
/// Flow counts per group over <see cref="Flows"/> (time range, filters and clusters), the <see cref="K"/> largest
/// first (ties by group values, ordinal). With <see cref="WithLatency"/>, each group also gets L7 latency quantiles.
/// </summary>
/// <param name="MaxGroups">At most this many groups are counted; flows of further groups go into <see cref="TopGroupsResult.Overflow"/>.</param>
public sealed record TopGroupsQuery(
    FlowReadRequest Flows,
    IReadOnlyList<string> GroupBy,
    int K,
    bool WithLatency,
    IReadOnlyList<double> Quantiles,
    int MaxGroups);

/// <summary>The largest groups, the number of flows in range (<see cref="Total"/>) and of flows beyond the group bound.</summary>
public sealed record TopGroupsResult(IReadOnlyList<TopGroup> Groups, long Total, long Overflow, int GroupCount);

/// <summary>One group: values in <c>GroupBy</c> order, count, first and last flow time, and latency quantiles (nanoseconds, null without samples).</summary>
public sealed record TopGroup(IReadOnlyList<string> GroupValues, long Count, long FirstSeenNs, long LastSeenNs, IReadOnlyList<double?> Quantiles);
