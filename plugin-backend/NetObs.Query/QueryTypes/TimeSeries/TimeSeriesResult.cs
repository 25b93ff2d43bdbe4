using NetObs.Query.Results;

namespace NetObs.Query.QueryTypes.TimeSeries;

/// <summary>One series: its labels (group-by dimension → value) and one value per bucket (null where a quantile had no samples).</summary>
public sealed record TimeSeries(IReadOnlyList<KeyValuePair<string, string>> Labels, double?[] Values, double Total);

/// <summary>Flow counts, rates or latency quantiles per aligned time bucket, one series per group.</summary>
public sealed record TimeSeriesResult(
    string RefId,
    string ExecutedQueryString,
    IReadOnlyList<QueryNotice> Notices,
    string MetricName,
    string Unit,
    TimeSpan Interval,
    long[] BucketStartsNs,
    IReadOnlyList<TimeSeries> Series)
    : QueryResult(RefId, ExecutedQueryString, Notices);
