using System.Globalization;
using NetObs.History.Sql;
using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>
/// The aggregations of <see cref="IFlowAggregations"/> written once in SQL for any <see cref="ISqlDialect"/>: the store
/// groups raw columns and counts, this class turns the few resulting rows into the plugin's group texts and results.
/// A store supplies a way to run a query and to read gaps.
/// </summary>
public sealed class SqlFlowAggregations : IFlowAggregations
{
    private readonly GroupedRows _rows;
    private readonly Func<string, CancellationToken, IAsyncEnumerable<object?[]>> _query;
    private readonly Func<long, long, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<FlowGap>>> _readGaps;
    private readonly ISqlDialect _dialect;

    /// <param name="dialect">The engine's SQL spelling.</param>
    /// <param name="query">Runs a query and yields each row's values (null for SQL NULL; lists as enumerables; blobs as byte arrays).</param>
    /// <param name="readGaps">The store's <see cref="IFlowStore.ReadGapsAsync"/>.</param>
    /// <param name="queryWithOriginals">For a store that keeps originals outside the <c>flow</c> column: how it reads candidate rows with them.</param>
    /// <param name="labelSets">For a store that keeps endpoint labels as sets: narrows label filters to the rows whose sets match.</param>
    public SqlFlowAggregations(
        ISqlDialect dialect,
        Func<string, CancellationToken, IAsyncEnumerable<object?[]>> query,
        Func<long, long, IReadOnlyList<string>, CancellationToken, Task<IReadOnlyList<FlowGap>>> readGaps,
        CandidateRowsQuery? queryWithOriginals = null,
        ILabelSetIndex? labelSets = null)
    {
        _dialect = dialect;
        _query = query;
        _readGaps = readGaps;
        _rows = new GroupedRows(dialect, query, queryWithOriginals, labelSets);
    }

    public async Task<TimeSeriesResult> TimeSeriesAsync(TimeSeriesQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.IntervalNs <= 0 || query.BucketCount <= 0)
        {
            throw new AggregationQueryException(
                $"A time series needs a positive bucket interval and bucket count (got interval {query.IntervalNs} ns, {query.BucketCount} buckets).");
        }

        var dimensions = StoredDimension.Resolve(query.GroupBy);
        var (keys, rawCount) = KeyExpressions(dimensions);
        var time = _dialect.Identifier(FlowColumns.TimeNs.Name);
        var offset = $"{time} - {query.FirstStartNs.ToString(CultureInfo.InvariantCulture)}";
        keys.Add($"least({_dialect.IntegerDivide(offset, query.IntervalNs.ToString(CultureInfo.InvariantCulture))}, {(query.BucketCount - 1).ToString(CultureInfo.InvariantCulture)})");
        var latency = query.Metric == AggregationMetric.Latency;
        string? extra = null;
        if (latency)
        {
            var column = _dialect.Identifier(FlowColumns.LatencyNs.Name);
            keys.Add(LatencyHistogram.IndexExpression(_dialect, column));
            extra = $"{column} > 0";
        }

        var series = new Dictionary<GroupValues, SeriesBuilder>();
        var order = new List<GroupValues>();
        long counted = 0;
        long overflow = 0;
        await foreach (var row in _rows.QueryAsync(query.Flows, keys, extra, cancellationToken).ConfigureAwait(false))
        {
            var group = Format(dimensions, row.Keys, rawCount);
            if (!series.TryGetValue(group, out var builder))
            {
                if (series.Count >= query.MaxSeries)
                {
                    overflow += row.Count;
                    continue;
                }

                builder = new SeriesBuilder(query.BucketCount, latency);
                series[group] = builder;
                order.Add(group);
            }

            var bucket = (int)GroupedRows.ToLong(row.Keys[rawCount]);
            counted += row.Count;
            builder.Total += row.Count;
            if (latency)
            {
                (builder.Latencies[bucket] ??= new LatencyHistogram()).Add(GroupedRows.ToLong(row.Keys[rawCount + 1]), row.Count);
            }
            else
            {
                builder.Counts[bucket] += row.Count;
            }
        }

        var starts = Enumerable.Range(0, query.BucketCount).Select(i => query.FirstStartNs + (i * query.IntervalNs)).ToArray();
        var result = order.Select(g =>
        {
            var b = series[g];
            IReadOnlyList<IReadOnlyList<double?>> quantiles = latency
                ? [.. query.Quantiles.Select(q => (IReadOnlyList<double?>)[.. b.Latencies.Select(l => l?.Quantile(q))])]
                : [];
            return new TimeSeries(g.Values, latency ? [] : b.Counts, quantiles, b.Total);
        }).ToList();
        return new TimeSeriesResult(starts, result, counted, overflow);
    }

    public async Task<TopGroupsResult> TopGroupsAsync(TopGroupsQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var dimensions = StoredDimension.Resolve(query.GroupBy);
        var (keys, rawCount) = KeyExpressions(dimensions);
        if (query.WithLatency)
        {
            keys.Add(LatencyHistogram.IndexExpression(_dialect, _dialect.Identifier(FlowColumns.LatencyNs.Name)));
        }

        var groups = new Dictionary<GroupValues, GroupBuilder>();
        long total = 0;
        long overflow = 0;
        await foreach (var row in _rows.QueryAsync(query.Flows, keys, null, cancellationToken).ConfigureAwait(false))
        {
            total += row.Count;
            var group = Format(dimensions, row.Keys, rawCount);
            if (!groups.TryGetValue(group, out var builder))
            {
                if (groups.Count >= query.MaxGroups)
                {
                    overflow += row.Count;
                    continue;
                }

                builder = new GroupBuilder { FirstSeenNs = row.FirstNs, LastSeenNs = row.LastNs };
                groups[group] = builder;
            }

            builder.Count += row.Count;
            builder.FirstSeenNs = Math.Min(builder.FirstSeenNs, row.FirstNs);
            builder.LastSeenNs = Math.Max(builder.LastSeenNs, row.LastNs);
            if (query.WithLatency)
            {
                builder.Latency.Add(GroupedRows.ToLong(row.Keys[rawCount]), row.Count);
            }
        }

        var top = groups
            .OrderByDescending(g => g.Value.Count)
            .ThenBy(g => g.Key, GroupValues.Ordinal)
            .Take(Math.Max(query.K, 0))
            .Select(g => new TopGroup(g.Key.Values, g.Value.Count, g.Value.FirstSeenNs, g.Value.LastSeenNs,
                query.WithLatency ? g.Value.Latency.Quantiles(query.Quantiles) : []))
            .ToList();
        return new TopGroupsResult(top, total, overflow, groups.Count);
    }

    public Task<ServiceMapResult> ServiceMapAsync(ServiceMapQuery query, CancellationToken cancellationToken) =>
        new SqlServiceMap(_rows).BuildAsync(query, cancellationToken);

    public async Task<CoverageResult> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var time = _dialect.Identifier(FlowColumns.TimeNs.Name);
        var cluster = _dialect.Identifier(FlowColumns.Cluster.Name);
        var node = _dialect.Identifier(FlowColumns.Node.Name);
        var where = string.Create(CultureInfo.InvariantCulture, $"{time} >= {query.SinceNs} AND {time} <= {query.UntilNs}");
        if (query.Clusters.Count > 0)
        {
            where += $" AND {cluster} IN ({string.Join(", ", query.Clusters.Select(_dialect.StringLiteral))})";
        }

        var ranges = new List<StoredRange>();
        var sql = $"SELECT {cluster}, {node}, min({time}), max({time}), count(*) FROM flows WHERE {where} GROUP BY {cluster}, {node} ORDER BY {cluster}, {node}";
        await foreach (var row in _query(sql, cancellationToken).ConfigureAwait(false))
        {
            ranges.Add(new StoredRange((string)row[0]!, (string)row[1]!, GroupedRows.ToLong(row[2]), GroupedRows.ToLong(row[3]), GroupedRows.ToLong(row[4])));
        }

        var gaps = await _readGaps(query.SinceNs, query.UntilNs, query.Clusters, cancellationToken).ConfigureAwait(false);
        var lost = gaps.Where(g => g.Reason == FlowGapReason.LostEvents)
            .GroupBy(g => g.Cluster, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new LostEventsTotal(g.Key, g.Sum(x => x.Count)))
            .ToList();
        return new CoverageResult(ranges, gaps, lost);
    }

    private (List<string> Keys, int RawCount) KeyExpressions(IReadOnlyList<StoredDimension> dimensions)
    {
        var keys = dimensions.SelectMany(d => d.Columns).Select(c => StoredDimension.Expression(c, _dialect)).ToList();
        return (keys, keys.Count);
    }

    private static GroupValues Format(IReadOnlyList<StoredDimension> dimensions, object?[] raw, int rawCount)
    {
        var values = new string[dimensions.Count];
        var at = 0;
        for (var i = 0; i < dimensions.Count; i++)
        {
            var width = dimensions[i].Columns.Count;
            values[i] = dimensions[i].Format(new ArraySegment<object?>(raw, at, width));
            at += width;
        }

        _ = rawCount;
        return new GroupValues(values);
    }

    private sealed class SeriesBuilder(int buckets, bool latency)
    {
        public long[] Counts { get; } = latency ? [] : new long[buckets];

        public LatencyHistogram?[] Latencies { get; } = latency ? new LatencyHistogram?[buckets] : [];

        public long Total { get; set; }
    }

    private sealed class GroupBuilder
    {
        public long Count { get; set; }

        public long FirstSeenNs { get; set; }

        public long LastSeenNs { get; set; }

        public LatencyHistogram Latency { get; } = new();
    }
}
