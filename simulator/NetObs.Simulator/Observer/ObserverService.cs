using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NetObs.Hubble.Evaluation;
using NetObs.Simulator.Buffer;

namespace NetObs.Simulator.Observer;

/// <summary>
/// observer.Observer as Hubble Relay answers it, over the simulated nodes' ring buffers
/// (hubble-api.md §5.2-5.3): node status first, per-node number/first/since/until/follow, filters
/// through the shared evaluator, flows merged by time, field masks applied, lost events reported.
/// </summary>
public sealed class ObserverService(FlowStore store, TimeProvider clock, RelayIdentity identity) : EncodedObserverBase
{
    private const int FlushEvery = 128;
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);

    public override async Task GetFlows(GetFlowsRequest request, IServerStreamWriter<byte[]> responseStream, ServerCallContext context)
    {
        if (request.First && request.Follow)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, "first cannot be specified with follow"));
        }

        FlowFilterEvaluator evaluator;
        FlowFieldMask? mask;
        try
        {
            evaluator = FlowFilterEvaluator.Compile(request.Whitelist, request.Blacklist);
            mask = FlowFieldMask.Compile(request.FieldMask);
        }
        catch (Exception e) when (e is InvalidFlowFilterException or InvalidFieldMaskException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }

        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var cancellation = context.CancellationToken;
        var query = new FlowQuery(
            evaluator.IsMatchAll ? static _ => true : evaluator.Matches,
            request.Number,
            request.First,
            request.Follow,
            request.Since is null ? null : ToUnixNanos(request.Since),
            request.Until is null ? null : ToUnixNanos(request.Until));

        var writer = new ResponseWriter(responseStream, mask, store.Nodes);
        var connected = new NodeStatusEvent { StateChange = NodeState.NodeConnected };
        connected.NodeNames.AddRange(store.Nodes.Select(n => n.AbsoluteName));
        await writer.WriteAsync(new GetFlowsResponse { NodeStatus = connected, NodeName = identity.RelayNodeName, Time = Now() }, flush: true)
            .ConfigureAwait(false);

        // Take the arrival task before the first read so that no batch slips between read and wait.
        var arrival = store.Arrivals.NextAsync();
        var readers = store.Nodes.Select(node => new NodeFlowReader(node, query)).ToArray();
        var batch = new List<ReadItem>();
        while (true)
        {
            cancellation.ThrowIfCancellationRequested();
            batch.Clear();
            foreach (var reader in readers)
            {
                reader.ReadAvailable(batch, NowNanos());
            }

            // Each node's items are in time order already; the relay merges nodes by time.
            batch.Sort(ReadItem.Compare);
            for (var i = 0; i < batch.Count; i++)
            {
                await writer.WriteAsync(batch[i], flush: i == batch.Count - 1 || (i + 1) % FlushEvery == 0).ConfigureAwait(false);
            }

            if (readers.All(r => r.Done))
            {
                return;
            }

            if (!request.Follow)
            {
                // A non-following reader that is not done was lapped mid-read; go round again at once.
                continue;
            }

            try
            {
                await arrival.WaitAsync(cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            arrival = store.Arrivals.NextAsync();
        }
    }

    public override async Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var uptime = Uptime();
        var response = new GetNodesResponse();
        foreach (var node in store.Nodes)
        {
            response.Nodes.Add(new Node
            {
                Name = node.AbsoluteName,
                Version = identity.Version,
                Address = node.Address,
                State = NodeState.NodeConnected,
                // Relay to agents is mutual TLS on AKS; the peer server name follows Hubble's pattern (hubble-api.md §1.4).
                Tls = new TLS { Enabled = true, ServerName = $"{node.Name}.{store.ClusterName.Replace('.', '-')}.hubble-grpc.cilium.io" },
                UptimeNs = uptime,
                NumFlows = (ulong)node.Ring.Count,
                MaxFlows = (ulong)node.Ring.Capacity,
                SeenFlows = (ulong)node.SeenFlows,
            });
        }

        return response;
    }

    public override async Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        // Namespaces of the flows of the last hour still held in the buffers.
        var since = NowNanos() - 3_600_000_000_000L;
        var namespaces = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var node in store.Nodes)
        {
            var ring = node.Ring;
            for (var position = ring.Written - 1; position >= ring.Oldest; position--)
            {
                var item = ring.Read(position);
                if (item is null || item.TimeUnixNanos < since)
                {
                    break;
                }

                if (item.Flow is { } flow)
                {
                    AddNamespace(namespaces, flow.Source);
                    AddNamespace(namespaces, flow.Destination);
                }
            }
        }

        var response = new GetNamespacesResponse();
        response.Namespaces.AddRange(namespaces.Select(ns => new Namespace { Cluster = store.ClusterName, Namespace_ = ns }));
        return response;
    }

    public override async Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context)
    {
        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var now = NowNanos();
        var lastMinute = 0L;
        foreach (var node in store.Nodes)
        {
            var ring = node.Ring;
            for (var position = ring.Written - 1; position >= ring.Oldest; position--)
            {
                var item = ring.Read(position);
                if (item is null || item.TimeUnixNanos < now - 60_000_000_000L)
                {
                    break;
                }

                lastMinute += item.Flow is null ? 0 : 1;
            }
        }

        return new ServerStatusResponse
        {
            NumFlows = (ulong)store.Nodes.Sum(n => (long)n.Ring.Count),
            MaxFlows = (ulong)store.Nodes.Sum(n => (long)n.Ring.Capacity),
            SeenFlows = (ulong)store.Nodes.Sum(n => n.SeenFlows),
            UptimeNs = Uptime(),
            NumConnectedNodes = (uint)store.Nodes.Count,
            NumUnavailableNodes = 0,
            Version = identity.Version,
            FlowsRate = lastMinute / 60.0,
        };
    }

    private static void AddNamespace(SortedSet<string> namespaces, Endpoint? endpoint)
    {
        if (endpoint is { Namespace.Length: > 0 })
        {
            namespaces.Add(endpoint.Namespace);
        }
    }

    private static long ToUnixNanos(Timestamp timestamp) => (timestamp.Seconds * 1_000_000_000L) + timestamp.Nanos;

    private Metadata VersionHeader() => new() { { "hubble-relay-version", identity.Version } };

    private long NowNanos() => (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;

    private Timestamp Now() => Timestamp.FromDateTimeOffset(clock.GetUtcNow());

    private ulong Uptime() => (ulong)Math.Max(0, NowNanos() - store.UptimeOriginUnixNanos);

    /// <summary>Writes encoded responses, buffering between flushes; a stored flow is encoded once for all readers.</summary>
    private sealed class ResponseWriter(IServerStreamWriter<byte[]> stream, FlowFieldMask? mask, IReadOnlyList<SimulatedNodeBuffer> nodes)
    {
        public async Task WriteAsync(byte[] encoded, bool flush)
        {
            stream.WriteOptions = flush ? null : Buffered;
            await stream.WriteAsync(encoded).ConfigureAwait(false);
        }

        public Task WriteAsync(GetFlowsResponse response, bool flush) => WriteAsync(response.ToByteArray(), flush);

        public Task WriteAsync(ReadItem item, bool flush)
        {
            var stored = item.Event;
            if (stored?.Flow is { } flow)
            {
                if (mask is not null)
                {
                    return WriteAsync(new GetFlowsResponse { Flow = mask.Apply(flow), NodeName = flow.NodeName, Time = flow.Time }, flush);
                }

                var encoded = stored.Encoded;
                if (encoded is null)
                {
                    // Readers may race to fill the cache; they compute the same bytes.
                    encoded = new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time }.ToByteArray();
                    stored.Encoded = encoded;
                }

                return WriteAsync(encoded, flush);
            }

            return WriteAsync(
                new GetFlowsResponse
                {
                    LostEvents = stored?.Lost ?? item.ReaderLost,
                    NodeName = nodes[item.NodeIndex].AbsoluteName,
                    Time = Timestamp.FromDateTimeOffset(DateTimeOffset.UnixEpoch.AddTicks(item.TimeUnixNanos / 100)),
                },
                flush);
        }
    }
}
