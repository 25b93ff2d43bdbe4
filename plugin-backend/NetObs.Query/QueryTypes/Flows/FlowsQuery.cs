using System.Globalization;
using NetObs.Query.Aggregation;
using NetObs.Query.History;
using NetObs.Query.Queries;
using NetObs.Query.Results;
using NetObs.Query.Scanning;

namespace NetObs.Query.QueryTypes.Flows;

/// <summary>The <c>flows</c> query: the newest flows matching the filter in the range, newest first, up to the limit.</summary>
public static class FlowsQuery
{
    public static async Task<FlowsResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var limits = execution.Limits;
        var notices = new List<QueryNotice>();
        var fromFilter = query.Filter.First ?? query.Filter.Last;
        var requested = query.Limit ?? (fromFilter is { } n ? (int)Math.Min(n, int.MaxValue) : limits.DefaultLimit);
        var limit = requested;
        if (limit > limits.MaxLimit)
        {
            limit = limits.MaxLimit;
            notices.Add(new QueryNotice(NoticeSeverity.Warning,
                $"limit {requested.ToString(CultureInfo.InvariantCulture)} is above this data source's maxLimit {limits.MaxLimit.ToString(CultureInfo.InvariantCulture)}; showing at most {limit.ToString(CultureInfo.InvariantCulture)} flows. Raise maxLimit in the data source settings to see more."));
        }

        var (since, until) = execution.Range;
        var first = query.Filter.First is not null;
        var history = await execution.Source.HistoryAsync(cancellationToken).ConfigureAwait(false);

        // Hubble counts `number` back from the newest flow in its buffer, not from `until`: for a range that ends in
        // the past, a number would stop the walk-back after the range and return nothing. Ask for the whole range then,
        // and keep the newest flows here (still never more than the limit). A history server counts within the range,
        // over all nodes: one flow more than the limit says exactly whether more match. Like Hubble, it reads the
        // oldest N after `since` when one is given, so the newest N are asked for up to `until` alone, and flows
        // before `since` are dropped here.
        var endsNow = until >= execution.Now - TimeSpan.FromSeconds(5);
        var number = history is not null ? (ulong)limit + 1 : endsNow || first ? (ulong)limit : 0;
        var newestFromHistory = history is not null && !first;
        var fetch = new FlowFetch(query.Filter.Allowlist, query.Filter.Denylist, newestFromHistory ? null : since, until, number, first, MaskPaths: null);
        var sink = new NewestFlows(limit, oldest: first, newestFromHistory ? TimeBuckets.ToNs(since) : long.MinValue);
        var stats = await execution.Fetcher.ScanAsync(fetch, sink, cancellationToken).ConfigureAwait(false);

        // The relay applies the number per node, so any node that filled its quota may have had more.
        var cut = sink.Matched > limit || (history is null && number > 0 && stats.FlowsPerNode.Values.Any(count => count >= limit));
        notices.AddRange(QueryDescription.ScanNotices(execution, stats, cut, ringBuffer: history is null));
        if (history is not null)
        {
            notices.AddRange(await HistoryPushdown.CoverageNoticesAsync(execution, history, cancellationToken).ConfigureAwait(false));
        }

        if (cut)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Info,
                $"Showing the {(first ? "oldest" : "newest")} {limit.ToString(CultureInfo.InvariantCulture)} flows; more flows match in this range. Narrow the filter or the range, or raise the limit (up to maxLimit {limits.MaxLimit.ToString(CultureInfo.InvariantCulture)})."));
        }

        var flows = sink.NewestFirst();
        var command = history is null
            ? QueryDescription.Command(execution, number, null)
            : $"history server {history.Address}, stored flows {(first ? "oldest" : "newest")} first | {QueryDescription.Command(execution, (ulong)limit, null)}";
        return new FlowsResult(query.RefId, command, notices, flows, sink.Matched);
    }
}
