using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Frames;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary><c>pluginv2.Stream</c>: Grafana Live subscriptions, one running producer per channel, and publishes.</summary>
internal sealed class StreamService : V2.Stream.StreamBase
{
    private readonly PluginHandlers _handlers;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<StreamService> _logger;

    public StreamService(PluginHandlers handlers, IHostApplicationLifetime lifetime, ILogger<StreamService> logger)
    {
        _handlers = handlers;
        _lifetime = lifetime;
        _logger = logger;
    }

    public override async Task<V2.SubscribeStreamResponse> SubscribeStream(V2.SubscribeStreamRequest request, ServerCallContext context)
    {
        StreamResult result;
        try
        {
            result = await Handler().SubscribeStreamAsync(
                ToRequest(request.PluginContext, request.Path, request.Data, request.Headers), context.CancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not RpcException and not OperationCanceledException)
        {
            // A subscription the plugin cannot judge is refused rather than failed with the exception's text.
            _logger.LogError(e, "Subscription to stream {Path} failed inside the plugin; refused", request.Path);
            result = new StreamResult(StreamStatus.NotFound);
        }

        return new V2.SubscribeStreamResponse { Status = (V2.SubscribeStreamResponse.Types.Status)result.Status, Data = ByteString.CopyFrom(result.Data.Span) };
    }

    public override async Task<V2.PublishStreamResponse> PublishStream(V2.PublishStreamRequest request, ServerCallContext context)
    {
        var result = await Handler().PublishStreamAsync(
            ToRequest(request.PluginContext, request.Path, request.Data, request.Headers), context.CancellationToken).ConfigureAwait(false);
        return new V2.PublishStreamResponse { Status = (V2.PublishStreamResponse.Types.Status)result.Status, Data = ByteString.CopyFrom(result.Data.Span) };
    }

    public override async Task RunStream(V2.RunStreamRequest request, IServerStreamWriter<V2.StreamPacket> responseStream, ServerCallContext context)
    {
        var handler = Handler();
        // A running stream ends when Grafana drops the channel or when the plugin shuts down.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.CancellationToken, _lifetime.ApplicationStopping);
        try
        {
            await handler.RunStreamAsync(
                ToRequest(request.PluginContext, request.Path, request.Data, request.Headers), new Sender(responseStream), stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            _logger.LogDebug("Stream {Path} stopped", request.Path);
        }
        catch (StreamException e)
        {
            // Grafana logs the status of a failed RunStream and subscribes again after a pause; the message is what it shows.
            _logger.LogWarning("Stream {Path} ended: {Reason}", request.Path, e.Message);
            throw new RpcException(new Status(GrpcStatus(e.Failure), e.Message));
        }
        catch (Exception e) when (e is not RpcException)
        {
            var reference = Guid.NewGuid().ToString("N")[..12];
            _logger.LogError(e, "Stream {Path} failed inside the plugin (reference {Reference})", request.Path, reference);
            throw new RpcException(new Status(
                StatusCode.Internal,
                $"The live stream '{request.Path}' failed inside the plugin; the plugin log has the cause under reference {reference}."));
        }
    }

    private static StatusCode GrpcStatus(StreamFailure failure) => failure switch
    {
        StreamFailure.UnknownChannel => StatusCode.NotFound,
        StreamFailure.InvalidSettings => StatusCode.FailedPrecondition,
        _ => StatusCode.Unavailable,
    };

    private IStreamHandler Handler() =>
        _handlers.Stream ?? throw new RpcException(new Status(StatusCode.Unimplemented, "This plugin has no streams."));

    private static StreamRequest ToRequest(V2.PluginContext context, string path, ByteString data, IDictionary<string, string> headers) =>
        new(ProtocolConversion.ToPluginContext(context), path, data.Memory, new Dictionary<string, string>(headers));

    private sealed class Sender(IServerStreamWriter<V2.StreamPacket> stream) : IStreamPacketSender
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public Task SendFrameAsync(DataFrame frame, FrameInclude include, CancellationToken cancellationToken) =>
            SendJsonAsync(JsonFrameWriter.Write(frame, include), cancellationToken);

        public async Task SendJsonAsync(ReadOnlyMemory<byte> json, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(new V2.StreamPacket { Data = ByteString.CopyFrom(json.Span) }, cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
