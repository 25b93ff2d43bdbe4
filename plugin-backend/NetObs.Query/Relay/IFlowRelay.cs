using Cilium.Observer;

namespace NetObs.Query.Relay;

/// <summary>
/// The four relay calls the query engine makes; <see cref="HubbleClientRelay"/> implements it for real, tests and
/// benchmarks with in-memory sources. Relay failures are NetObs.Hubble's <c>RelayException</c>.
/// </summary>
public interface IFlowRelay
{
    IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, CancellationToken cancellationToken);

    Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken);

    Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken);

    Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken);
}
