using System.Runtime.InteropServices;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// Replaces the console lifetime: a plugin ignores SIGINT (Ctrl+C in Grafana's terminal reaches the whole process
/// group; Grafana stops its plugins itself) and stops cleanly on SIGTERM. In standalone mode SIGINT stops it too.
/// </summary>
internal sealed class PluginHostLifetime : IHostLifetime, IDisposable
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<PluginHostLifetime> _logger;
    private readonly bool _stopOnInterrupt;
    private readonly List<PosixSignalRegistration> _registrations = [];

    public PluginHostLifetime(IHostApplicationLifetime lifetime, ILogger<PluginHostLifetime> logger, bool stopOnInterrupt)
    {
        _lifetime = lifetime;
        _logger = logger;
        _stopOnInterrupt = stopOnInterrupt;
    }

    public Task WaitForStartAsync(CancellationToken cancellationToken)
    {
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGINT, OnInterrupt));
        _registrations.Add(PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnTerminate));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose()
    {
        foreach (var registration in _registrations)
        {
            registration.Dispose();
        }
    }

    private void OnInterrupt(PosixSignalContext context)
    {
        context.Cancel = true;
        if (_stopOnInterrupt)
        {
            _lifetime.StopApplication();
            return;
        }

        _logger.LogInformation("Ignoring SIGINT as go-plugin plugins do; Grafana stops its plugins itself");
    }

    private void OnTerminate(PosixSignalContext context)
    {
        context.Cancel = true;
        _logger.LogInformation("SIGTERM received; stopping");
        _lifetime.StopApplication();
    }
}
