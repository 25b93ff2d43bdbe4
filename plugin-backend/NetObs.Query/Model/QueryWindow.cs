namespace NetObs.Query.Model;

/// <summary>The time range and resolution Grafana asked for with a query.</summary>
public sealed record QueryWindow(DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, long MaxDataPoints)
{
    public TimeSpan Length => To - From;
}
