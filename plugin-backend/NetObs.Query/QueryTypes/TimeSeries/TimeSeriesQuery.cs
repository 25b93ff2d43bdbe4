using System.Globalization;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.Relay;
using NetObs.Query.Aggregation;
using NetObs.Query.History;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.TimeSeries;

/// <summary>The <c>timeseries</c> query: counts, rates or L7 latency quantiles per aligned bucket and group, one series per group.</summary>
public static class TimeSeriesQuery
{
    /// <summary>More series than this cannot be read on a graph and would only cost memory.</summary>
    public const int MaxSeries = 5000;

    /// <summary>Series × buckets of counts: 2,000,000 cells are 16 MB of counters and 32 MB of answer values.</summary>
    public const int MaxCells = 2_000_000;

    /// <summary>Series × buckets of latency sketches, which are up to about 50 KB each (one count per 2 % latency step).</summary>
    public const int MaxLatencyCells = 20_000;

    public static async Task<TimeSeriesResult> RunAsync(QueryExecution execution, CancellationToken cancellationToken)
    {
        var attempt = await HistoryPushdown.TryAsync(execution, FlowPushdown.BucketCounts, history => TimeSeriesPushdown.RunAsync(execution, history, cancellationToken), cancellationToken)
            .ConfigureAwait(false);
        if (attempt.Result is { } pushed)
        {
            return pushed;
        }

        var query = execution.Query;
        var (since, until) = execution.Range;
        var buckets = Buckets(execution);
        var quantile = QueryNames.Quantile(query.Metric);
        var maxSeries = SeriesLimit(buckets.Count, quantile is not null);
        var aggregator = new TimeSeriesAggregator(query.GroupBy, buckets, quantile is not null, maxSeries);

        var fetch = QueryDescription.AggregationFetch(query, since, until, needsLatency: quantile is not null);
        var stats = await execution.Fetcher.ScanAsync(fetch, aggregator, cancellationToken).ConfigureAwait(false);

        var series = BuildSeries(aggregator, query.Metric, quantile);
        var (notices, command) = await HistoryPushdown.DescribeScanAsync(execution, attempt, stats, Describe(query, buckets), cancellationToken).ConfigureAwait(false);
        return Finish(execution, buckets, series, aggregator.Overflow, maxSeries, notices, command);
    }

    /// <summary>The buckets of a run: the range at the panel's interval, widened to stay within maxDataPoints.</summary>
    internal static TimeBuckets Buckets(QueryExecution execution)
    {
        var (since, until) = execution.Range;
        return new TimeBuckets(since, until, execution.Window.Interval, execution.Window.MaxDataPoints);
    }

    /// <summary>What the scan and the pushdown share: the overflow notice, the cut to the k biggest series, and the result.</summary>
    internal static TimeSeriesResult Finish(
        QueryExecution execution, TimeBuckets buckets, List<TimeSeries> series, long overflow, int maxSeries, List<QueryNotice> notices, string command)
    {
        var query = execution.Query;
        if (overflow > 0)
        {
            notices.Insert(0, new QueryNotice(NoticeSeverity.Warning,
                $"More than {maxSeries} series: {overflow.ToString(CultureInfo.InvariantCulture)} flows of further groups were left out. Group by fewer dimensions or narrow the filter."));
        }

        // Without grouping the answer is one series even when nothing matched, so a count graph shows zeros.
        if (series.Count == 0 && query.GroupBy.Count == 0)
        {
            var values = new double?[buckets.Count];
            if (QueryNames.Quantile(query.Metric) is null)
            {
                Array.Fill(values, 0);
            }

            series.Add(new TimeSeries([], values, 0));
        }

        series.Sort(static (a, b) => string.CompareOrdinal(LabelText(a), LabelText(b)));
        if (query.K is { } k && series.Count > k)
        {
            var total = series.Count;
            series = [.. series.OrderByDescending(s => s.Total).Take(k)];
            notices.Insert(0, new QueryNotice(NoticeSeverity.Info, $"Showing the {k} biggest of {total} series (k = {k})."));
        }

        return new TimeSeriesResult(query.RefId, command, notices,
            MetricColumn.Name(query.Metric), MetricColumn.Unit(query.Metric), buckets.Interval, buckets.Starts(), series);
    }

    /// <summary>The most series a query keeps with this many buckets: at least one, at most <see cref="MaxSeries"/>, within the cell budget.</summary>
    public static int SeriesLimit(int bucketCount, bool latency) =>
        Math.Clamp((latency ? MaxLatencyCells : MaxCells) / Math.Max(bucketCount, 1), 1, MaxSeries);

    private static List<TimeSeries> BuildSeries(TimeSeriesAggregator aggregator, QueryMetric metric, double? quantile)
    {
        var buckets = aggregator.Buckets;
        var seconds = buckets.IntervalNs / 1e9;
        var result = new List<TimeSeries>(aggregator.Groups.Count);
        foreach (var (key, group) in aggregator.Groups)
        {
            var values = new double?[buckets.Count];
            double rank = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (quantile is { } q)
                {
                    var ns = group.Latencies[i]?.Quantile(q);
                    values[i] = ns / 1e6;
                    rank = Math.Max(rank, values[i] ?? 0);
                }
                else
                {
                    values[i] = metric == QueryMetric.Rate ? group.Counts[i] / seconds : group.Counts[i];
                    rank += group.Counts[i];
                }
            }

            result.Add(new TimeSeries(aggregator.Keys.Labels(key), values, rank));
        }

        return result;
    }

    private static string LabelText(TimeSeries series) => string.Join(',', series.Labels.Select(l => l.Value));

    internal static string Describe(NetObsQuery query, TimeBuckets buckets)
    {
        var by = query.GroupBy.Count == 0 ? string.Empty : " by " + string.Join(", ", query.GroupBy.Select(d => d.Name));
        var top = query.K is { } k ? $", top {k}" : string.Empty;
        return $"timeseries {QueryNames.Of(query.Metric)}{by} every {FormatInterval(buckets.Interval)}{top}";
    }

    public static string FormatInterval(TimeSpan interval) =>
        interval.TotalHours >= 1 && interval.TotalHours == Math.Floor(interval.TotalHours) ? $"{interval.TotalHours:0}h"
        : interval.TotalMinutes >= 1 && interval.TotalMinutes == Math.Floor(interval.TotalMinutes) ? $"{interval.TotalMinutes:0}m"
        : $"{interval.TotalSeconds:0.###}s";
}
