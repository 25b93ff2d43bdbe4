using System.Globalization;
using System.Text;

namespace NetObs.Simulator.Metrics;

/// <summary>The kind of a Prometheus metric family.</summary>
public enum MetricKind
{
    Counter,
    Gauge,
    Histogram,
}

/// <summary>
/// One Prometheus metric family: its series keyed by label values. Not thread-safe on its own; the
/// registry's lock guards writers and the scrape.
/// </summary>
public sealed class MetricFamily
{
    private readonly Dictionary<LabelValues, Series> _series = [];

    public MetricFamily(string name, string help, MetricKind kind, IReadOnlyList<string> labelNames, IReadOnlyList<double>? buckets = null)
    {
        if (labelNames.Count > 9)
        {
            throw new ArgumentException($"metric {name} has {labelNames.Count} labels; at most 9 fit a series key", nameof(labelNames));
        }

        Name = name;
        Help = help;
        Kind = kind;
        LabelNames = labelNames;
        Buckets = buckets ?? [];
    }

    public string Name { get; }

    public string Help { get; }

    public MetricKind Kind { get; }

    public IReadOnlyList<string> LabelNames { get; }

    public IReadOnlyList<double> Buckets { get; }

    public int SeriesCount => _series.Count;

    public void Add(in LabelValues labels, double amount = 1) => GetOrAdd(labels).Value += amount;

    public void Observe(in LabelValues labels, double value)
    {
        var series = GetOrAdd(labels);
        series.Value += value;
        series.Count++;
        for (var i = 0; i < Buckets.Count; i++)
        {
            if (value <= Buckets[i])
            {
                series.BucketCounts![i]++;
            }
        }
    }

    /// <summary>The value of a counter or gauge series (the sum for a histogram); 0 when absent.</summary>
    public double Value(in LabelValues labels) => _series.TryGetValue(labels, out var series) ? series.Value : 0;

    public IEnumerable<(LabelValues Labels, double Value)> Snapshot() => _series.Select(s => (s.Key, s.Value.Value));

    /// <summary>Writes the family in the Prometheus text exposition format, series in a stable order.</summary>
    public void WriteTo(StringBuilder output, string constantLabels)
    {
        output.Append("# HELP ").Append(Name).Append(' ').Append(Help).Append('\n');
        output.Append("# TYPE ").Append(Name).Append(' ').Append(Kind.ToString().ToLowerInvariant()).Append('\n');
        var ordered = _series.Select(pair => (Labels: FormatLabels(constantLabels, pair.Key), pair.Value))
            .OrderBy(s => s.Labels, StringComparer.Ordinal);
        foreach (var (labels, series) in ordered)
        {
            if (Kind != MetricKind.Histogram)
            {
                Sample(output, Name, labels, null, series.Value);
                continue;
            }

            for (var i = 0; i < Buckets.Count; i++)
            {
                Sample(output, Name + "_bucket", labels, Format(Buckets[i]), series.BucketCounts![i]);
            }

            Sample(output, Name + "_bucket", labels, "+Inf", series.Count);
            Sample(output, Name + "_sum", labels, null, series.Value);
            Sample(output, Name + "_count", labels, null, series.Count);
        }
    }

    private Series GetOrAdd(in LabelValues labels)
    {
        if (!_series.TryGetValue(labels, out var series))
        {
            series = new Series(Kind == MetricKind.Histogram ? new long[Buckets.Count] : null);
            _series[labels] = series;
        }

        return series;
    }

    private string FormatLabels(string constantLabels, in LabelValues values)
    {
        var builder = new StringBuilder(constantLabels);
        for (var i = 0; i < LabelNames.Count; i++)
        {
            if (builder.Length > 0)
            {
                builder.Append(',');
            }

            builder.Append(LabelNames[i]).Append("=\"");
            Escape(builder, values[i] ?? "");
            builder.Append('"');
        }

        return builder.ToString();
    }

    private static void Sample(StringBuilder output, string name, string labels, string? le, double value)
    {
        output.Append(name).Append('{').Append(labels);
        if (le is not null)
        {
            output.Append(labels.Length > 0 ? ",le=\"" : "le=\"").Append(le).Append('"');
        }

        output.Append("} ").Append(Format(value)).Append('\n');
    }

    private static string Format(double value) =>
        double.IsPositiveInfinity(value) ? "+Inf" : value.ToString("R", CultureInfo.InvariantCulture);

    private static void Escape(StringBuilder builder, string value)
    {
        foreach (var c in value)
        {
            _ = c switch
            {
                '\\' => builder.Append(@"\\"),
                '"' => builder.Append("\\\""),
                '\n' => builder.Append("\\n"),
                _ => builder.Append(c),
            };
        }
    }

    private sealed class Series(long[]? bucketCounts)
    {
        public double Value;
        public long Count;
        public readonly long[]? BucketCounts = bucketCounts;
    }
}
