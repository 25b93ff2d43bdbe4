using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>Coverage over a time range (nanoseconds, inclusive), for the given clusters (empty: all).</summary>
public sealed record CoverageQuery(long SinceNs, long UntilNs, IReadOnlyList<string> Clusters);

/// <summary>Per cluster and node: the stored range and count; plus every gap overlapping the range and lost-event totals per cluster.</summary>
public sealed record CoverageResult(IReadOnlyList<StoredRange> Ranges, IReadOnlyList<FlowGap> Gaps, IReadOnlyList<LostEventsTotal> LostEvents);

/// <summary>Flows stored for one node of one cluster within the query range.</summary>
public sealed record StoredRange(string Cluster, string Node, long OldestNs, long NewestNs, long FlowCount);

/// <summary>The sum of the counts of lost-events gaps of one cluster within the query range.</summary>
public sealed record LostEventsTotal(string Cluster, long Count);
