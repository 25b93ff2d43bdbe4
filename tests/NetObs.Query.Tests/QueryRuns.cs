using System.Text;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Query.Tests;

/// <summary>
/// Runs query JSON the way the plugin's query type route does (parse the query model, then the engine with the
/// query type's computation) and returns the typed result, for tests that check numbers rather than frames.
/// </summary>
internal static class QueryRuns
{
    public static Task<TResult> RunJsonAsync<TResult>(this QueryEngine engine, string refId, string json, QueryWindow window, QueryTypeRun<TResult> run, CancellationToken cancellationToken = default)
        where TResult : QueryResult
    {
        var parsed = QueryParser.Parse(refId, Encoding.UTF8.GetBytes(json));
        var query = parsed.Query ?? throw new ArgumentException(parsed.ErrorMessage, nameof(json));
        return engine.RunAsync(query, window, run, cancellationToken);
    }
}
