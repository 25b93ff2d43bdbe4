using System.Globalization;
using NetObs.Query.Aggregation;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.TopK;

/// <summary>The <c>topk</c> query: the k biggest groups by flow count, rate or L7 latency quantile, with share and first/last seen.</summary>
public static class TopKQuery
{
    public const int DefaultK = 10;

    /// <summary>Distinct groups kept while counting; beyond it flows are counted in the total only.</summary>
    public const int MaxGroups = 100_000;

    /// <summary>Groups kept for a latency quantile: each holds a latency sketch of up to about 50 KB.</summary>
    public const int MaxLatencyGroups = 10_000;

    public static async Task<TopKResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var (since, until) = execution.Range;
        var quantile = QueryNames.Quantile(query.Metric);
        var sinceNs = TimeBuckets.ToNs(since);
        var untilNs = TimeBuckets.ToNs(until);
        var maxGroups = quantile is null ? MaxGroups : MaxLatencyGroups;
        var counter = new GroupCounter(query.GroupBy, quantile is not null, maxGroups, sinceNs, untilNs);

        var fetch = QueryDescription.AggregationFetch(query, since, until, needsLatency: quantile is not null);
        var stats = await execution.Fetcher.ScanAsync(fetch, counter, cancellationToken).ConfigureAwait(false);

        var k = query.K ?? DefaultK;
        var seconds = Math.Max((until - since).TotalSeconds, 1e-3);
        var ranked = counter.Groups
            .Select(pair => (pair.Key, Group: pair.Value, Value: Value(pair.Value, query.Metric, quantile, seconds)))
            .Where(row => quantile is null || row.Value is not null)
            .OrderByDescending(row => row.Value ?? 0)
            .ThenByDescending(row => row.Group.Count)
            .ThenBy(row => string.Join('\u0001', row.Key.Values(counter.Keys.Count)), StringComparer.Ordinal)
            .Take(k)
            .Select(row => new TopKRow(row.Key.Values(counter.Keys.Count), row.Group.Count,
                counter.Total == 0 ? 0 : row.Group.Count / (double)counter.Total, row.Group.FirstSeenNs, row.Group.LastSeenNs, row.Value))
            .ToList();

        var notices = QueryDescription.ScanNotices(execution, stats, cutByNumber: false);
        if (counter.Overflow > 0)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Warning,
                $"More than {maxGroups} groups: {counter.Overflow.ToString(CultureInfo.InvariantCulture)} flows of further groups were counted in the total but not ranked."));
        }

        var by = string.Join(", ", query.GroupBy.Select(d => d.Name));
        var description = $"topk {k} {QueryNames.Of(query.Metric)} by {by}";
        return new TopKResult(query.RefId, QueryDescription.Command(execution, 0, description), notices,
            [.. query.GroupBy.Select(d => d.Name)], MetricColumn.Name(query.Metric), MetricColumn.Unit(query.Metric),
            counter.Total, ranked);
    }

    private static double? Value(GroupCounter.Group group, QueryMetric metric, double? quantile, double seconds) => metric switch
    {
        QueryMetric.Count => group.Count,
        QueryMetric.Rate => group.Count / seconds,
        _ => group.Latency?.Quantile(quantile!.Value) / 1e6,
    };
}
