using NetObs.History.V1;

namespace NetObs.Hubble.FlowSources;

/// <summary>
/// The netobs.history.v1 aggregation service of a NetObs history server: time series, top groups and service maps
/// computed by its store, and the coverage (stored ranges and gaps) of a time range. Failures are
/// <see cref="Relay.RelayException"/>s naming the history server.
/// </summary>
public interface IHistoryAggregations
{
    /// <summary>The server's host:port, as messages and executed query strings name it.</summary>
    string Address { get; }

    /// <summary>What the server computes itself.</summary>
    FlowPushdown Pushdown { get; }

    Task<TimeSeriesResponse> TimeSeriesAsync(TimeSeriesRequest request, CancellationToken cancellationToken);

    Task<TopGroupsResponse> TopGroupsAsync(TopGroupsRequest request, CancellationToken cancellationToken);

    Task<ServiceMapResponse> ServiceMapAsync(ServiceMapRequest request, CancellationToken cancellationToken);

    Task<CoverageResponse> CoverageAsync(CoverageRequest request, CancellationToken cancellationToken);
}
