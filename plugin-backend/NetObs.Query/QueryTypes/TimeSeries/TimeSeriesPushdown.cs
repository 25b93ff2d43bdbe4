using NetObs.History.V1;
using NetObs.Hubble.FlowSources;
using NetObs.Query.History;
using NetObs.Query.Model;
using NetObs.Query.Queries;

namespace NetObs.Query.QueryTypes.TimeSeries;

/// <summary>
/// The <c>timeseries</c> query computed by a history server's store: the same buckets, series bound and latency sketch
/// as the in-memory aggregator, so the answer is the same; a rate is the count over the bucket width, as in memory.
/// </summary>
internal static class TimeSeriesPushdown
{
    public static async Task<TimeSeriesResult> RunAsync(QueryExecution execution, IHistoryAggregations history, CancellationToken cancellationToken)
    {
        var query = execution.Query;
        var buckets = TimeSeriesQuery.Buckets(execution);
        var quantile = QueryNames.Quantile(query.Metric);
        var maxSeries = TimeSeriesQuery.SeriesLimit(buckets.Count, quantile is not null);
        var request = new TimeSeriesRequest
        {
            Selection = HistoryPushdown.Selection(execution),
            FirstStartNs = buckets.FirstStartNs,
            IntervalNs = buckets.IntervalNs,
            BucketCount = buckets.Count,
            Metric = quantile is null ? Metric.Count : Metric.Latency,
            MaxSeries = maxSeries,
        };
        request.GroupBy.AddRange(query.GroupBy.Select(d => d.Name));
        if (quantile is { } q)
        {
            request.Quantiles.Add(q);
        }

        var response = await history.TimeSeriesAsync(request, cancellationToken).ConfigureAwait(false);
        var seconds = buckets.IntervalNs / 1e9;
        var series = new List<TimeSeries>(response.Series.Count);
        foreach (var group in response.Series)
        {
            var labels = query.GroupBy.Select((d, i) => new KeyValuePair<string, string>(d.Name, i < group.GroupValues.Count ? group.GroupValues[i] : string.Empty)).ToArray();
            var values = new double?[buckets.Count];
            double rank = 0;
            for (var i = 0; i < values.Length; i++)
            {
                if (quantile is not null)
                {
                    var value = group.Quantiles.Count > 0 && i < group.Quantiles[0].Values.Count && group.Quantiles[0].Values[i] is { HasValue: true } v ? v.Value / 1e6 : (double?)null;
                    values[i] = value;
                    rank = Math.Max(rank, value ?? 0);
                }
                else
                {
                    var count = i < group.Counts.Count ? group.Counts[i] : 0;
                    values[i] = query.Metric == QueryMetric.Rate ? count / seconds : count;
                    rank += count;
                }
            }

            series.Add(new TimeSeries(labels, values, rank));
        }

        var notices = await HistoryPushdown.CoverageNoticesAsync(execution, history, cancellationToken).ConfigureAwait(false);
        var command = HistoryPushdown.PushedCommand(execution, history, TimeSeriesQuery.Describe(query, buckets));
        return TimeSeriesQuery.Finish(execution, buckets, series, response.Overflow, maxSeries, notices, command);
    }
}
