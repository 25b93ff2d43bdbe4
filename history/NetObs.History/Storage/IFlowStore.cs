using NetObs.History.Aggregation;

namespace NetObs.History.Storage;

/// <summary>
/// A flow store: appends flows and gaps, reads flows back byte-for-byte with FlowFilterEvaluator's semantics,
/// summarizes what it holds, tells a follower where to resume, drops old days, and aggregates in place.
/// </summary>
/// <remarks>
/// Implementations: DuckDB (<c>duckdb:PATH</c>, embedded) and ClickHouse (<c>clickhouse://HOST:PORT/DB</c>).
/// All times are nanoseconds since the Unix epoch. Methods may be called concurrently from several threads;
/// implementations serialize what their engine needs serialized.
/// </remarks>
public interface IFlowStore : IFlowAggregations, IAsyncDisposable
{
    /// <summary>The store as the user named it, for messages (e.g. <c>duckdb:flows.duckdb</c>).</summary>
    string Description { get; }

    /// <summary>Writes a batch of flows; the batch is durable (or has failed with an exception) when the task completes.</summary>
    Task AppendAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken);

    /// <summary>
    /// Which of <paramref name="keys"/> the store holds, one answer per key in order. A writer asks after a write whose
    /// outcome it could not learn (the connection broke after the request was sent), before retrying the batch or
    /// recording it as a gap, so that neither a duplicate nor a false gap comes of it.
    /// </summary>
    Task<IReadOnlyList<bool>> ContainsAsync(IReadOnlyList<StoredFlowKey> keys, CancellationToken cancellationToken);

    /// <summary>Records flows known to be missing.</summary>
    Task RecordGapAsync(FlowGap gap, CancellationToken cancellationToken);

    /// <summary>Reads flows in time order; every returned flow matches the request's filters exactly as FlowFilterEvaluator decides.</summary>
    /// <exception cref="NetObs.Hubble.Evaluation.InvalidFlowFilterException">A filter is invalid, as Hubble would reject it.</exception>
    IAsyncEnumerable<StoredFlow> ReadAsync(FlowReadRequest request, CancellationToken cancellationToken);

    /// <summary>Gaps that overlap the time range (inclusive), oldest first; <paramref name="clusters"/> empty for all.</summary>
    Task<IReadOnlyList<FlowGap>> ReadGapsAsync(long sinceNs, long untilNs, IReadOnlyList<string> clusters, CancellationToken cancellationToken);

    /// <summary>Oldest and newest times, counts per cluster and node, and the namespaces seen.</summary>
    Task<StoreSummary> SummarizeAsync(CancellationToken cancellationToken);

    /// <summary>Where the stored flows of a cluster end, for resuming without duplicates.</summary>
    Task<StoredPosition> PositionAsync(string cluster, CancellationToken cancellationToken);

    /// <summary>
    /// Drops every whole day (UTC) that ends at or before <paramref name="cutoffNs"/>, flows and gaps; returns the number of days dropped.
    /// A day that straddles the cutoff is kept whole.
    /// </summary>
    Task<int> DropDaysBeforeAsync(long cutoffNs, CancellationToken cancellationToken);
}
