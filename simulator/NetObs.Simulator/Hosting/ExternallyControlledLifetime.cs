using Microsoft.Extensions.Hosting;

namespace NetObs.Simulator.Hosting;

/// <summary>
/// The simulator handles SIGINT/SIGTERM itself for its two servers, so the hosts must not install
/// their own console handlers.
/// </summary>
public sealed class ExternallyControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
