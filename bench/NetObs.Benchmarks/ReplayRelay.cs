using System.Runtime.CompilerServices;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NetObs.Hubble.FlowSources;

namespace NetObs.Benchmarks;

/// <summary>
/// A relay stand-in that replays a pool of encoded GetFlowsResponse messages <c>repeat</c> times and decodes each
/// one as the gRPC client would. With <c>honourMask</c> it serves the pool pre-encoded under the request's field
/// mask, as a Cilium 1.16+ relay sends only the masked fields; without it, whole flows, as older relays do.
/// </summary>
internal sealed class ReplayRelay(IReadOnlyList<GetFlowsResponse> pool, int repeat, bool honourMask) : IFlowSource
{
    private readonly byte[][] _full = [.. pool.Select(r => r.ToByteArray())];
    private readonly Dictionary<string, byte[][]> _masked = new(StringComparer.Ordinal);

    public long Bytes(FieldMask? mask) => Encoded(mask).Sum(b => (long)b.Length);

    /// <summary>Encodes the masked pool ahead of time, outside any measurement.</summary>
    public void Prepare(FieldMask? mask) => Encoded(mask);

    public async IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var encoded = Encoded(honourMask ? request.FieldMask : null);
        await Task.Yield();
        for (var round = 0; round < repeat; round++)
        {
            foreach (var bytes in encoded)
            {
                yield return GetFlowsResponse.Parser.ParseFrom(bytes);
            }
        }
    }

    public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) => Task.FromResult(new ServerStatusResponse());

    public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNodesResponse());

    public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNamespacesResponse());

    private byte[][] Encoded(FieldMask? mask)
    {
        if (mask is null || mask.Paths.Count == 0)
        {
            return _full;
        }

        var key = string.Join(',', mask.Paths);
        lock (_masked)
        {
            if (!_masked.TryGetValue(key, out var encoded))
            {
                encoded = [.. pool.Select(r => Mask(r, mask).ToByteArray())];
                _masked[key] = encoded;
            }

            return encoded;
        }
    }

    private static GetFlowsResponse Mask(GetFlowsResponse response, FieldMask mask)
    {
        var flow = new Cilium.Flow.Flow();
        mask.Merge(response.Flow, flow);
        return new GetFlowsResponse { Flow = flow, NodeName = response.NodeName, Time = response.Time };
    }
}
