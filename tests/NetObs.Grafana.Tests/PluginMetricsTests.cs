using NetObs.Grafana.Metrics;

namespace NetObs.Grafana.Tests;

/// <summary>The plugin's Prometheus metrics text.</summary>
public sealed class PluginMetricsTests
{
    [Fact]
    public void Latency_histogram_is_cumulative_and_ends_with_inf_sum_and_count()
    {
        var metrics = new PluginMetrics("p");
        metrics.QueryDataCompleted(TimeSpan.FromMilliseconds(3));
        metrics.QueryDataCompleted(TimeSpan.FromMilliseconds(200));

        var text = metrics.ToPrometheusText();

        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"0.005\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"0.25\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_bucket{le=\"+Inf\"} 2\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_sum 0.203\n", text, StringComparison.Ordinal);
        Assert.Contains("p_query_data_duration_seconds_count 2\n", text, StringComparison.Ordinal);
    }
}
