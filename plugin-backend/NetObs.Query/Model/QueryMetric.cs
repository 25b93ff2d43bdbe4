namespace NetObs.Query.Model;

/// <summary>What a time series or ranking measures: flow counts, flows per second, or an L7 latency quantile.</summary>
public enum QueryMetric
{
    Count,
    Rate,
    P50,
    P90,
    P95,
    P99,
}
