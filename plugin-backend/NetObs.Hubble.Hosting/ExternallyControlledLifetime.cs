using Microsoft.Extensions.Hosting;

namespace NetObs.Hubble.Hosting;

/// <summary>
/// <see cref="ServingProcess"/> handles SIGINT/SIGTERM itself for every server of the process, so the web hosts must
/// not install their own console handlers (they would stop one server and leave the process running).
/// </summary>
public sealed class ExternallyControlledLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
