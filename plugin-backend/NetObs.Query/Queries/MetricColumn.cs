using NetObs.Query.Model;

namespace NetObs.Query.Queries;

/// <summary>The value column of a query metric, shared by the timeseries and topk results: its name and its Grafana unit.</summary>
public static class MetricColumn
{
    public static string Name(QueryMetric metric) => metric switch
    {
        QueryMetric.Count => "flows",
        QueryMetric.Rate => "flows_per_second",
        _ => $"latency_{QueryNames.Of(metric)}",
    };

    public static string Unit(QueryMetric metric) => metric switch
    {
        QueryMetric.Count => "short",
        QueryMetric.Rate => "cps",
        _ => "ms",
    };
}
