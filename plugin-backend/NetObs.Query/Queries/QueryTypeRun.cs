using NetObs.Query.Results;

namespace NetObs.Query.Queries;

/// <summary>How one query type computes its result from a run's query, window, limits and flow source.</summary>
public delegate Task<TResult> QueryTypeRun<TResult>(QueryExecution execution, CancellationToken cancellationToken)
    where TResult : QueryResult;
