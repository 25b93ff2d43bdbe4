using Cilium.Observer;
using NetObs.Hubble.Relay;

namespace NetObs.Query.Relay;

/// <summary>The real <see cref="IFlowRelay"/>: NetObs.Hubble's <see cref="HubbleRelayClient"/>, which owns the channel, TLS, deadlines and error messages.</summary>
public sealed class HubbleClientRelay(HubbleRelayClient client) : IFlowRelay
{
    public IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, CancellationToken cancellationToken) =>
        client.GetFlowsAsync(request, cancellationToken);

    public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) => client.ServerStatusAsync(cancellationToken);

    public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken) => client.GetNodesAsync(cancellationToken);

    public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) => client.GetNamespacesAsync(cancellationToken);
}
