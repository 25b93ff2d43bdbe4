using Grpc.Core;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Protocol.GoPlugin;

namespace NetObs.Grafana.Services;

/// <summary><c>plugin.GRPCController/Shutdown</c>: go-plugin's Kill asks the plugin to stop, then waits 2 s before SIGKILL.</summary>
internal sealed class ControllerService : GRPCController.GRPCControllerBase
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<ControllerService> _logger;

    public ControllerService(IHostApplicationLifetime lifetime, ILogger<ControllerService> logger)
    {
        _lifetime = lifetime;
        _logger = logger;
    }

    public override Task<Empty> Shutdown(Empty request, ServerCallContext context)
    {
        _logger.LogInformation("Grafana asked the plugin to shut down");
        _lifetime.StopApplication();
        return Task.FromResult(new Empty());
    }
}
