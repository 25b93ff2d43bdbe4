using System.Runtime.CompilerServices;
using Cilium.Observer;
using Grpc.Core;

namespace NetObs.Query.Relay;

/// <summary>An <see cref="IFlowRelay"/> over a generated observer.Observer gRPC client; unary calls and finite streams get the request timeout as deadline.</summary>
public sealed class ObserverClientRelay(Observer.ObserverClient client, TimeSpan requestTimeout) : IFlowRelay
{
    public async IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // A followed stream runs until cancelled; a query stream must finish within the timeout.
        // Scanning a long range takes longer than a unary call, hence six times the timeout.
        DateTime? deadline = request.Follow ? null : DateTime.UtcNow + (requestTimeout * 6);
        using var call = client.GetFlows(request, deadline: deadline, cancellationToken: cancellationToken);
        while (await call.ResponseStream.MoveNext(cancellationToken).ConfigureAwait(false))
        {
            yield return call.ResponseStream.Current;
        }
    }

    public async Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) =>
        await client.ServerStatusAsync(new ServerStatusRequest(), deadline: DateTime.UtcNow + requestTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken) =>
        await client.GetNodesAsync(new GetNodesRequest(), deadline: DateTime.UtcNow + requestTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);

    public async Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) =>
        await client.GetNamespacesAsync(new GetNamespacesRequest(), deadline: DateTime.UtcNow + requestTimeout, cancellationToken: cancellationToken).ConfigureAwait(false);
}
