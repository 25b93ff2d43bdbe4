using System.Globalization;
using System.Text;

namespace NetObs.Grafana.Metrics;

/// <summary>
/// The host's own counters (queries, errors by source, QueryData latency, frames and rows sent), exposed to
/// Grafana's CollectMetrics in the Prometheus text format.
/// </summary>
public sealed class PluginMetrics
{
    private static readonly double[] LatencyBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

    private readonly string _prefix;
    private readonly long[] _latencyCounts = new long[LatencyBuckets.Length];
    private long _latencyCount;
    private long _latencySumMicroseconds;
    private long _queries;
    private long _pluginErrors;
    private long _downstreamErrors;
    private long _frames;
    private long _rows;

    public PluginMetrics(string prefix)
    {
        _prefix = prefix;
    }

    public void QueryAnswered(bool failed, ErrorSource? source, int frames, long rows)
    {
        Interlocked.Increment(ref _queries);
        if (failed)
        {
            Interlocked.Increment(ref source == ErrorSource.Downstream ? ref _downstreamErrors : ref _pluginErrors);
        }

        Interlocked.Add(ref _frames, frames);
        Interlocked.Add(ref _rows, rows);
    }

    public void QueryDataCompleted(TimeSpan elapsed)
    {
        var seconds = elapsed.TotalSeconds;
        for (var i = 0; i < LatencyBuckets.Length; i++)
        {
            if (seconds <= LatencyBuckets[i])
            {
                Interlocked.Increment(ref _latencyCounts[i]);
            }
        }

        Interlocked.Increment(ref _latencyCount);
        Interlocked.Add(ref _latencySumMicroseconds, (long)(elapsed.TotalMilliseconds * 1000));
    }

    /// <summary>The Prometheus text exposition (format 0.0.4) of every metric.</summary>
    public string ToPrometheusText()
    {
        var text = new StringBuilder();
        Counter(text, "queries_total", "Queries answered through QueryData.", Volatile.Read(ref _queries));
        text.Append(CultureInfo.InvariantCulture, $"# HELP {_prefix}_query_errors_total Queries answered with an error, by error source.\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {_prefix}_query_errors_total counter\n");
        text.Append(CultureInfo.InvariantCulture, $"{_prefix}_query_errors_total{{source=\"plugin\"}} {Volatile.Read(ref _pluginErrors)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{_prefix}_query_errors_total{{source=\"downstream\"}} {Volatile.Read(ref _downstreamErrors)}\n");

        var name = $"{_prefix}_query_data_duration_seconds";
        text.Append(CultureInfo.InvariantCulture, $"# HELP {name} Time to answer a QueryData call.\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {name} histogram\n");
        for (var i = 0; i < LatencyBuckets.Length; i++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"{LatencyBuckets[i].ToString(CultureInfo.InvariantCulture)}\"}} {Volatile.Read(ref _latencyCounts[i])}\n");
        }

        var count = Volatile.Read(ref _latencyCount);
        text.Append(CultureInfo.InvariantCulture, $"{name}_bucket{{le=\"+Inf\"}} {count}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_sum {(Volatile.Read(ref _latencySumMicroseconds) / 1e6).ToString(CultureInfo.InvariantCulture)}\n");
        text.Append(CultureInfo.InvariantCulture, $"{name}_count {count}\n");

        Counter(text, "frames_sent_total", "Data frames sent in QueryData responses.", Volatile.Read(ref _frames));
        Counter(text, "rows_sent_total", "Rows of the data frames sent in QueryData responses.", Volatile.Read(ref _rows));
        return text.ToString();
    }

    private void Counter(StringBuilder text, string name, string help, long value)
    {
        text.Append(CultureInfo.InvariantCulture, $"# HELP {_prefix}_{name} {help}\n");
        text.Append(CultureInfo.InvariantCulture, $"# TYPE {_prefix}_{name} counter\n");
        text.Append(CultureInfo.InvariantCulture, $"{_prefix}_{name} {value}\n");
    }
}
