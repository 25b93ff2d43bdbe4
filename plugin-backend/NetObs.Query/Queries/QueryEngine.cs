using System.Globalization;
using System.Text;
using NetObs.Hubble.FlowSources;
using NetObs.Query.Model;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.Queries;

/// <summary>Runs queries against one flow source, sharing scans, runs and results among them; one instance per data source instance.</summary>
public sealed class QueryEngine(IFlowSource source, QueryLimits limits, QueryEngineOptions options)
{
    private readonly SharedFlowFetcher _fetcher = new(source, options.GatherWindow, options.Time);
    private readonly QueryResultCache _cache = new(options.CacheLifetime, options.CacheCapacity, options.Time);
    private readonly LiveQuerySharing _live = new(
        options.LiveShareTolerance < options.CacheLifetime ? options.LiveShareTolerance : options.CacheLifetime, options.CacheCapacity, options.Time);

    /// <summary>
    /// Runs <paramref name="query"/> with its query type's <paramref name="run"/>, or answers it from a run of the same
    /// query that just finished or is in flight. Throws <see cref="QueryFailure"/> with a message naming the cause when it cannot.
    /// </summary>
    public async Task<TResult> RunAsync<TResult>(NetObsQuery query, QueryWindow window, QueryTypeRun<TResult> run, CancellationToken cancellationToken)
        where TResult : QueryResult
    {
        if (window.Problem() is { } outOfRange)
        {
            throw new QueryFailure($"Invalid query: {outOfRange}", FailureSource.Plugin, 400);
        }

        var key = CacheKey(query, window);
        if (_cache.TryGet(key, out var cached))
        {
            return (TResult)(cached with { RefId = query.RefId });
        }

        if (_live.IsLive(window.To))
        {
            var shared = await _live.RunAsync(LiveKey(query, window), window.To, token => ComputeAsync(query, window, key, run, token), cancellationToken).ConfigureAwait(false);
            return (TResult)(shared with { RefId = query.RefId });
        }

        return (TResult)await ComputeAsync(query, window, key, run, cancellationToken).ConfigureAwait(false);
    }

    private async Task<QueryResult> ComputeAsync<TResult>(NetObsQuery query, QueryWindow window, string key, QueryTypeRun<TResult> run, CancellationToken cancellationToken)
        where TResult : QueryResult
    {
        var execution = new QueryExecution(query, window, limits, _fetcher, source, options.Time.GetUtcNow());
        try
        {
            var result = await run(execution, cancellationToken).ConfigureAwait(false);
            _cache.Add(key, result);
            return result;
        }
        catch (Exception e) when (e is not QueryFailure && e is not OperationCanceledException)
        {
            throw RelayFailures.Describe(e);
        }
    }

    private static string CacheKey(NetObsQuery query, QueryWindow window) =>
        QueryKey(query, window).Append('|').Append(window.From.ToUnixTimeMilliseconds()).Append('|').Append(window.To.ToUnixTimeMilliseconds()).ToString();

    /// <summary>A live window is shared by its length: where it ends is matched within the tolerance.</summary>
    private static string LiveKey(NetObsQuery query, QueryWindow window) =>
        QueryKey(query, window).Append("|live ").Append((window.To - window.From).Ticks.ToString(CultureInfo.InvariantCulture)).ToString();

    private static StringBuilder QueryKey(NetObsQuery query, QueryWindow window)
    {
        var key = new StringBuilder();
        key.Append(QueryNames.Of(query.Type)).Append('|').Append(query.Filter.Text)
            .Append('|').AppendJoin(',', query.GroupBy.Select(d => d.Name))
            .Append('|').Append(QueryNames.Of(query.Metric))
            .Append('|').Append(query.Limit).Append('|').Append(query.K).Append('|').Append(QueryNames.Of(query.NodeKind))
            .Append('|').Append(window.Interval.Ticks.ToString(CultureInfo.InvariantCulture)).Append('|').Append(window.MaxDataPoints);
        return key;
    }
}
