using Grpc.Core;
using Microsoft.Extensions.Logging;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary><c>pluginv2.Resource</c>: forwards HTTP resource calls; the first message always carries a status.</summary>
internal sealed class ResourceService : V2.Resource.ResourceBase
{
    private readonly PluginHandlers _handlers;
    private readonly ILogger<ResourceService> _logger;

    public ResourceService(PluginHandlers handlers, ILogger<ResourceService> logger)
    {
        _handlers = handlers;
        _logger = logger;
    }

    public override async Task CallResource(V2.CallResourceRequest request, IServerStreamWriter<V2.CallResourceResponse> responseStream, ServerCallContext context)
    {
        var handler = _handlers.CallResource ?? throw new RpcException(new Status(StatusCode.Unimplemented, "This plugin has no resources."));
        var sender = new Sender(responseStream);
        var call = new CallResourceRequest
        {
            PluginContext = ProtocolConversion.ToPluginContext(request.PluginContext),
            Path = request.Path,
            Method = request.Method,
            Url = request.Url,
            Headers = ProtocolConversion.ToHeaders(request.Headers),
            Body = request.Body.Memory,
        };
        try
        {
            await handler.CallResourceAsync(call, sender, context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The resource call was cancelled by Grafana."));
        }
        catch (Exception e) when (!sender.Sent)
        {
            var message = PluginFault.Report(_logger, e, $"The resource call {request.Method} {Excerpt(request.Path)}");
            await sender.SendAsync(ErrorJson(500, message), context.CancellationToken).ConfigureAwait(false);
        }

        if (!sender.Sent)
        {
            // Grafana turns an empty stream into an opaque error; say what happened instead.
            await sender.SendAsync(ErrorJson(500, $"The plugin sent no response to {request.Method} {Excerpt(request.Path)}."), context.CancellationToken).ConfigureAwait(false);
        }
    }

    // A path is the user's text: quote only its start (issue 12: errors must not echo huge inputs).
    private static string Excerpt(string path) => path.Length <= 80 ? path : path[..80] + "…";

    private static CallResourceResponse ErrorJson(int status, string message)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var json = new System.Text.Json.Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("message", message);
            json.WriteEndObject();
        }

        return new CallResourceResponse(status, buffer.WrittenMemory, CallResourceResponse.JsonContentType);
    }

    private sealed class Sender(IServerStreamWriter<V2.CallResourceResponse> stream) : IResourceResponseSender
    {
        private readonly SemaphoreSlim _gate = new(1, 1);

        public bool Sent { get; private set; }

        public async Task SendAsync(CallResourceResponse response, CancellationToken cancellationToken)
        {
            await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await stream.WriteAsync(ProtocolConversion.ToProto(response, !Sent), cancellationToken).ConfigureAwait(false);
                Sent = true;
            }
            finally
            {
                _gate.Release();
            }
        }
    }
}
