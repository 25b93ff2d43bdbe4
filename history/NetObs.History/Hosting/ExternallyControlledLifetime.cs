using Microsoft.Extensions.Hosting;

namespace NetObs.History.Hosting;

/// <summary>netobs-history handles SIGINT/SIGTERM itself, so the web host must not install its own console handlers.</summary>
public sealed class ExternallyControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
