using NetObs.History.V1;
using NetObs.Hubble.FlowSources;
using NetObs.Query.History;
using NetObs.Query.Model;
using NetObs.Query.Queries;

namespace NetObs.Query.QueryTypes.TopK;

/// <summary>
/// The <c>topk</c> query computed by a history server's store. For count and rate the store ranks as the plugin does
/// (count, then values in ordinal order) and returns only k groups; for a latency quantile every group comes back with
/// its quantile and the plugin ranks them, as the in-memory path does. Shares are of the store's total, as in memory.
/// </summary>
internal static class TopKPushdown
{
    public static async Task<TopKResult> RunAsync(QueryExecution execution, IHistoryAggregations history, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var quantile = QueryNames.Quantile(query.Metric);
        var maxGroups = quantile is null ? TopKQuery.MaxGroups : TopKQuery.MaxLatencyGroups;
        var k = query.K ?? TopKQuery.DefaultK;
        var request = new TopGroupsRequest
        {
            Selection = HistoryPushdown.Selection(execution),
            K = quantile is null ? k : maxGroups,
            WithLatency = quantile is not null,
            MaxGroups = maxGroups,
        };
        request.GroupBy.AddRange(query.GroupBy.Select(d => d.Name));
        if (quantile is { } q)
        {
            request.Quantiles.Add(q);
        }

        var response = await history.TopGroupsAsync(request, cancellationToken).ConfigureAwait(false);
        var seconds = TopKQuery.Seconds(execution);
        var groups = response.Groups.Select(g => new TopKQuery.RankedGroup([.. g.GroupValues], g.Count, g.FirstSeenNs, g.LastSeenNs, query.Metric switch
        {
            QueryMetric.Count => g.Count,
            QueryMetric.Rate => g.Count / seconds,
            _ => g.Quantiles.Count > 0 && g.Quantiles[0].HasValue ? g.Quantiles[0].Value / 1e6 : null,
        }));

        var notices = await HistoryPushdown.CoverageNoticesAsync(execution, history, cancellationToken).ConfigureAwait(false);
        var command = HistoryPushdown.PushedCommand(execution, history, TopKQuery.Describe(query));
        return TopKQuery.Finish(execution, groups, response.Total, response.Overflow, maxGroups, notices, command);
    }
}
