namespace NetObs.History.Aggregation;

/// <summary>
/// Reads <c>SELECT {selectList} FROM flows WHERE {condition} ORDER BY {orderBy}</c> the store's way and yields each
/// row's selected values followed by the row's original Flow bytes: the hook through which a store that keeps
/// originals outside the row (DuckDB's compressed blocks) serves the aggregations that filter in process.
/// </summary>
public delegate IAsyncEnumerable<object?[]> CandidateRowsQuery(string selectList, string condition, string orderBy, CancellationToken cancellationToken);
