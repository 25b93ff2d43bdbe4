namespace NetObs.Query.Model;

/// <summary>The outcome of parsing one query: the query, or every problem found in it.</summary>
public sealed record QueryParseResult(NetObsQuery? Query, IReadOnlyList<QueryProblem> Problems)
{
    public static QueryParseResult Failed(params QueryProblem[] problems) => new(null, problems);

    /// <summary>All problems as one error message, one clause per problem.</summary>
    public string ErrorMessage => Problems.Count == 1
        ? $"Invalid query: {Problems[0]}"
        : $"Invalid query ({Problems.Count} problems): " + string.Join("; ", Problems.Select(p => p.ToString()));
}
