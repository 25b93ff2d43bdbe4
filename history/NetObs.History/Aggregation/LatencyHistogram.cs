namespace NetObs.History.Aggregation;

/// <summary>
/// Latency counts per log bucket, with the bucketing and quantile rule of NetObs.Query's LatencySketch
/// (gamma 1.02, bucket i = ceil(ln(ns) / ln(gamma)), 0 for ns ≤ 1), so quantiles computed from counts that a store
/// grouped by bucket equal those the plugin computes from the flows.
/// </summary>
internal sealed class LatencyHistogram
{
    /// <summary>The bucket width: buckets are 2% wide, so a quantile is within ±1% of a real sample.</summary>
    public const double Gamma = 1.02;

    private readonly SortedDictionary<long, long> _buckets = [];

    public long Count { get; private set; }

    /// <summary>The SQL expression of a latency's bucket index; -1 when the latency is 0 (no sample).</summary>
    public static string IndexExpression(Sql.ISqlDialect dialect, string latencyColumn) =>
        $"CASE WHEN {latencyColumn} = 0 THEN -1 WHEN {latencyColumn} <= 1 THEN 0 ELSE {dialect.ToInt64($"ceil({dialect.NaturalLog(latencyColumn)} / {dialect.NaturalLog(Gamma.ToString("R", System.Globalization.CultureInfo.InvariantCulture))})")} END";

    public void Add(long index, long count)
    {
        if (index < 0 || count <= 0)
        {
            return;
        }

        _buckets[index] = _buckets.GetValueOrDefault(index) + count;
        Count += count;
    }

    /// <summary>The q-quantile in nanoseconds, or null without samples.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = Math.Clamp((long)Math.Ceiling(q * Count), 1, Count);
        long seen = 0;
        foreach (var (index, count) in _buckets)
        {
            seen += count;
            if (seen >= rank)
            {
                return index == 0 ? 1 : 2 * Math.Pow(Gamma, index) / (Gamma + 1);
            }
        }

        return null;
    }

    public IReadOnlyList<double?> Quantiles(IReadOnlyList<double> quantiles) => [.. quantiles.Select(Quantile)];
}
