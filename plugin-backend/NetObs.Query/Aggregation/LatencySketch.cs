namespace NetObs.Query.Aggregation;

/// <summary>
/// A log-bucketed histogram of latencies with about 1% relative error: memory grows with the spread
/// of values (at most a few hundred buckets), never with the number of samples.
/// </summary>
public sealed class LatencySketch
{
    // gamma = 1.02 gives buckets 2% wide, so a quantile is within ±1% of a real sample.
    private const double Gamma = 1.02;
    private static readonly double LogGamma = Math.Log(Gamma);
    private readonly Dictionary<int, long> _buckets = [];

    public long Count { get; private set; }

    public void Add(ulong nanoseconds)
    {
        var index = nanoseconds <= 1 ? 0 : (int)Math.Ceiling(Math.Log(nanoseconds) / LogGamma);
        _buckets[index] = _buckets.GetValueOrDefault(index) + 1;
        Count++;
    }

    public void Merge(LatencySketch other)
    {
        foreach (var (index, count) in other._buckets)
        {
            _buckets[index] = _buckets.GetValueOrDefault(index) + count;
        }

        Count += other.Count;
    }

    /// <summary>The q-quantile in nanoseconds, or null without samples.</summary>
    public double? Quantile(double q)
    {
        if (Count == 0)
        {
            return null;
        }

        var rank = (long)Math.Ceiling(q * Count);
        rank = Math.Clamp(rank, 1, Count);
        long seen = 0;
        foreach (var index in _buckets.Keys.Order())
        {
            seen += _buckets[index];
            if (seen >= rank)
            {
                // The bucket (gamma^(i-1), gamma^i] is represented by its midpoint in relative terms.
                return index == 0 ? 1 : 2 * Math.Pow(Gamma, index) / (Gamma + 1);
            }
        }

        return null;
    }
}
