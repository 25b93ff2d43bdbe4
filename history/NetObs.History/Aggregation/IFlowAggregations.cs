namespace NetObs.History.Aggregation;

/// <summary>
/// Aggregations computed inside a store, with the semantics of the plugin's in-memory aggregators
/// (NetObs.Query's TimeSeriesAggregator, GroupCounter and ServiceMapAggregator) over the same flows.
/// </summary>
public interface IFlowAggregations
{
    /// <summary>Flow counts or L7 latency quantiles per group and time bucket.</summary>
    Task<TimeSeriesResult> TimeSeriesAsync(TimeSeriesQuery query, CancellationToken cancellationToken);

    /// <summary>Flow counts per group, largest first, with first/last seen and optional latency quantiles.</summary>
    Task<TopGroupsResult> TopGroupsAsync(TopGroupsQuery query, CancellationToken cancellationToken);

    /// <summary>Service-map nodes and client→server edges.</summary>
    Task<ServiceMapResult> ServiceMapAsync(ServiceMapQuery query, CancellationToken cancellationToken);

    /// <summary>What is stored per cluster and node over a range, and the gaps.</summary>
    Task<CoverageResult> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken);
}
