using System.Text;
using Google.Protobuf;
using Grpc.Core;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Metrics;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Services;

/// <summary><c>pluginv2.Diagnostics</c>: health checks and the plugin's own Prometheus metrics.</summary>
internal sealed class DiagnosticsService : V2.Diagnostics.DiagnosticsBase
{
    private readonly PluginHandlers _handlers;
    private readonly PluginMetrics _metrics;
    private readonly ILogger<DiagnosticsService> _logger;

    public DiagnosticsService(PluginHandlers handlers, PluginMetrics metrics, ILogger<DiagnosticsService> logger)
    {
        _handlers = handlers;
        _metrics = metrics;
        _logger = logger;
    }

    public override async Task<V2.CheckHealthResponse> CheckHealth(V2.CheckHealthRequest request, ServerCallContext context)
    {
        var handler = _handlers.CheckHealth ?? throw new RpcException(new Status(StatusCode.Unimplemented, "This plugin has no health check."));
        CheckHealthResult result;
        try
        {
            result = await handler.CheckHealthAsync(
                new CheckHealthRequest(ProtocolConversion.ToPluginContext(request.PluginContext), new Dictionary<string, string>(request.Headers)),
                context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            throw new RpcException(new Status(StatusCode.Cancelled, "The health check was cancelled by Grafana."));
        }
        catch (Exception e)
        {
            result = new CheckHealthResult(HealthStatus.Error, PluginFault.Report(_logger, e, "The health check"));
        }

        return new V2.CheckHealthResponse
        {
            Status = (V2.CheckHealthResponse.Types.HealthStatus)result.Status,
            Message = result.Message,
            JsonDetails = result.Details is null ? ByteString.Empty : ByteString.CopyFromUtf8(result.Details.ToJsonString()),
        };
    }

    public override Task<V2.CollectMetricsResponse> CollectMetrics(V2.CollectMetricsRequest request, ServerCallContext context) =>
        Task.FromResult(new V2.CollectMetricsResponse
        {
            Metrics = new V2.CollectMetricsResponse.Types.Payload { Prometheus = ByteString.CopyFrom(Encoding.UTF8.GetBytes(_metrics.ToPrometheusText())) },
        });
}
