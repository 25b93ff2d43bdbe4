using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Grpc.Core;
using NetObs.History.Storage;

namespace NetObs.History.Observer;

/// <summary>
/// Writes GetFlows responses as a relay does: flows with their node and time, the field mask applied.
/// Writes are buffered; the newest response is held back so that <see cref="FlushAsync"/> can send it
/// unbuffered, which pushes out everything before it.
/// </summary>
public sealed class FlowResponseWriter(IServerStreamWriter<GetFlowsResponse> stream, FlowFieldMaskApplier? mask)
{
    private static readonly WriteOptions Buffered = new(WriteFlags.BufferHint);
    private GetFlowsResponse? _held;

    /// <summary>The relay's first message: the nodes that are connected.</summary>
    public async Task WriteNodeStatusAsync(IReadOnlyList<string> nodes, DateTimeOffset now)
    {
        var status = new NodeStatusEvent { StateChange = NodeState.NodeConnected };
        status.NodeNames.AddRange(nodes);
        await WriteAsync(new GetFlowsResponse { NodeStatus = status, Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now) }).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Writes one stored flow (buffered).</summary>
    public Task WriteFlowAsync(StoredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return WriteAsync(new GetFlowsResponse
        {
            Flow = mask is null ? flow.Flow : mask.Apply(flow.Flow),
            NodeName = flow.Node,
            Time = FlowWindow.ToTimestamp(flow.TimeNs),
        });
    }

    /// <summary>Tells the client it missed flows, as a relay does when a reader falls behind.</summary>
    public async Task WriteLostAsync(long count, DateTimeOffset now)
    {
        await WriteAsync(new GetFlowsResponse
        {
            LostEvents = new LostEvent { Source = LostEventSource.HubbleRingBuffer, NumEventsLost = (ulong)count },
            Time = Google.Protobuf.WellKnownTypes.Timestamp.FromDateTimeOffset(now),
        }).ConfigureAwait(false);
        await FlushAsync().ConfigureAwait(false);
    }

    /// <summary>Sends everything written so far.</summary>
    public async Task FlushAsync()
    {
        if (_held is { } last)
        {
            _held = null;
            stream.WriteOptions = null;
            await stream.WriteAsync(last).ConfigureAwait(false);
        }
    }

    private async Task WriteAsync(GetFlowsResponse response)
    {
        if (_held is { } previous)
        {
            stream.WriteOptions = Buffered;
            await stream.WriteAsync(previous).ConfigureAwait(false);
        }

        _held = response;
    }
}
