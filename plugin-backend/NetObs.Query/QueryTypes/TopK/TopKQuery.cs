using System.Globalization;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Query.Aggregation;
using NetObs.Query.History;
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
        var attempt = await HistoryPushdown.TryAsync(execution, FlowPushdown.GroupCounts, history => TopKPushdown.RunAsync(execution, history, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (attempt.Result is { } pushed)
        {
            return pushed;
        }

        var query = execution.Query;
        var (since, until) = execution.Range;
        var quantile = QueryNames.Quantile(query.Metric);
        var sinceNs = TimeBuckets.ToNs(since);
        var untilNs = TimeBuckets.ToNs(until);
        var maxGroups = quantile is null ? MaxGroups : MaxLatencyGroups;
        var counter = new GroupCounter(query.GroupBy, quantile is not null, maxGroups, sinceNs, untilNs);

        var fetch = QueryDescription.AggregationFetch(query, since, until, needsLatency: quantile is not null);
        var stats = await execution.Fetcher.ScanAsync(fetch, counter, cancellationToken).ConfigureAwait(false);

        var seconds = Seconds(execution);
        var groups = counter.Groups.Select(pair => new RankedGroup(pair.Key.Values(counter.Keys.Count), pair.Value.Count, pair.Value.FirstSeenNs, pair.Value.LastSeenNs,
            Value(pair.Value, query.Metric, quantile, seconds)));

        var (notices, command) = await HistoryPushdown.DescribeScanAsync(execution, attempt, stats, Describe(query), cancellationToken).ConfigureAwait(false);
        return Finish(execution, groups, counter.Total, counter.Overflow, maxGroups, notices, command);
    }

    /// <summary>One counted group before ranking: its values, count, first/last seen and the metric it is ranked by.</summary>
    internal sealed record RankedGroup(IReadOnlyList<string> Values, long Count, long FirstSeenNs, long LastSeenNs, double? Value);

    /// <summary>The range's length in seconds, which a rate divides by.</summary>
    internal static double Seconds(QueryExecution execution)
    {
        var (since, until) = execution.Range;
        return Math.Max((until - since).TotalSeconds, 1e-3);
    }

    internal static string Describe(NetObsQuery query) =>
        $"topk {query.K ?? DefaultK} {QueryNames.Of(query.Metric)} by {string.Join(", ", query.GroupBy.Select(d => d.Name))}";

    /// <summary>What the scan and the pushdown share: the ranking (metric, then count, then values), the k cut, shares and the overflow notice.</summary>
    internal static TopKResult Finish(QueryExecution execution, IEnumerable<RankedGroup> groups, long total, long overflow, int maxGroups, List<QueryNotice> notices, string command)
    {
        var query = execution.Query;
        var quantile = QueryNames.Quantile(query.Metric);
        var k = query.K ?? DefaultK;
        var ranked = groups
            .Where(row => quantile is null || row.Value is not null)
            .OrderByDescending(row => row.Value ?? 0)
            .ThenByDescending(row => row.Count)
            .ThenBy(row => string.Join('\u0001', row.Values), StringComparer.Ordinal)
            .Take(k)
            .Select(row => new TopKRow(row.Values, row.Count, total == 0 ? 0 : row.Count / (double)total, row.FirstSeenNs, row.LastSeenNs, row.Value))
            .ToList();

        if (overflow > 0)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Warning,
                $"More than {maxGroups} groups: {overflow.ToString(CultureInfo.InvariantCulture)} flows of further groups were counted in the total but not ranked."));
        }

        return new TopKResult(query.RefId, command, notices,
            [.. query.GroupBy.Select(d => d.Name)], MetricColumn.Name(query.Metric), MetricColumn.Unit(query.Metric), total, ranked);
    }

    private static double? Value(GroupCounter.Group group, QueryMetric metric, double? quantile, double seconds) => metric switch
    {
        QueryMetric.Count => group.Count,
        QueryMetric.Rate => group.Count / seconds,
        _ => group.Latency?.Quantile(quantile!.Value) / 1e6,
    };
}
