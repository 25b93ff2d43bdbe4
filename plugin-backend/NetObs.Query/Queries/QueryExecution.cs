using NetObs.Hubble.FlowSources;
using NetObs.Query.Model;
using NetObs.Query.Scanning;

namespace NetObs.Query.Queries;

/// <summary>Everything one query run needs: the query, its window, the data source's limits and the flow source (directly and through the shared scans).</summary>
public sealed record QueryExecution(NetObsQuery Query, QueryWindow Window, QueryLimits Limits, SharedFlowFetcher Fetcher, IFlowSource Source, DateTimeOffset Now)
{
    /// <summary>The range the relay is asked for: the panel's, unless the filter has its own --since/--until.</summary>
    public (DateTimeOffset Since, DateTimeOffset Until) Range
    {
        get
        {
            var since = Query.Filter.Since ?? Window.From;
            var until = Query.Filter.Until ?? Window.To;
            return until < since ? (until, since) : (since, until);
        }
    }
}
