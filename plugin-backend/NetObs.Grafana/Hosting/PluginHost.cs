using System.Net;
using System.Runtime.InteropServices;
using System.Text;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Logging;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// The entry point of a plugin executable: speaks go-plugin's handshake, serves the pluginv2 services over gRPC on
/// 127.0.0.1, logs hclog JSON to stderr, and returns the process exit code.
/// </summary>
public static class PluginHost
{
    /// <summary>Runs the plugin with handlers that exist before the host starts.</summary>
    public static Task<int> RunAsync(string[] args, PluginHandlers handlers, PluginHostOptions options, CancellationToken cancellationToken = default) =>
        RunAsync(args, _ => handlers, options, cancellationToken);

    /// <summary>Runs the plugin, creating its handlers with the host's (hclog) logger factory once Grafana is known to be the caller.</summary>
    public static async Task<int> RunAsync(
        string[] args,
        Func<ILoggerFactory, PluginHandlers> createHandlers,
        PluginHostOptions options,
        CancellationToken cancellationToken = default)
    {
        var parent = ParentProcessWatcher.CurrentParentId();
        // go-plugin reads the first stdout line as the handshake: keep stdout for that line alone, and send
        // anything else that writes to Console.Out to stderr.
        var stdout = Console.OpenStandardOutput();
        var stderr = Console.OpenStandardError();
        Console.SetOut(Console.Error);
        var log = new HclogJsonWriter(stderr, options.LogModule);
        var logging = new HclogLoggerProvider(log);
        // Built directly rather than through LoggerFactory.Create, whose service container costs start-up time under Native AOT.
        using var loggerFactory = new LoggerFactory([logging], new LoggerFilterOptions { MinLevel = options.MinimumLogLevel });
        var logger = loggerFactory.CreateLogger("NetObs.Grafana.PluginHost");
        AppDomain.CurrentDomain.UnhandledException += (_, e) =>
        {
            log.Write(LogLevel.Error, "Unhandled exception; the plugin stops", [], e.ExceptionObject as Exception);
            // Exit here so the runtime does not also print a plain-text dump that Grafana would log at debug level.
            Environment.Exit(70);
        };
        TaskScheduler.UnobservedTaskException += (_, e) =>
        {
            log.Write(LogLevel.Error, "Unobserved task exception", [], e.Exception);
            e.SetObserved();
        };

        try
        {
            return await RunModeAsync(args, createHandlers, options, parent, stdout, logging, logger, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "The plugin failed: {Error}", e.Message);
            return 1;
        }
    }

    private static async Task<int> RunModeAsync(
        string[] args,
        Func<ILoggerFactory, PluginHandlers> createHandlers,
        PluginHostOptions options,
        int parent,
        Stream stdout,
        HclogLoggerProvider logging,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        if (VersionReport.IsRequested(args))
        {
            await stdout.WriteAsync(Encoding.UTF8.GetBytes(VersionReport.Line(ExecutableName, options) + "\n"), cancellationToken).ConfigureAwait(false);
            await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
            return 0;
        }

        if (StandaloneMode.IsRequested(args))
        {
            return await RunStandaloneServerAsync(createHandlers, options, logging, logger, cancellationToken).ConfigureAwait(false);
        }

        var environment = GoPluginEnvironment.FromProcess();
        if (!environment.LaunchedByGrafana)
        {
            await Console.Error.WriteLineAsync(
                GoPluginEnvironment.NotLaunchedByGrafanaMessage(ExecutableName, options)).ConfigureAwait(false);
            return 1;
        }

        if (!environment.OffersProtocol2)
        {
            logger.LogError(
                "Grafana offered plugin protocol versions {Versions}, but this plugin speaks only version {Version}; use a Grafana release that supports protocol 2 (10.x to 12.x do)",
                environment.ProtocolVersions,
                GoPluginEnvironment.ProtocolVersion);
            return 1;
        }

        if (StandaloneMode.FindServerAddress(options) is { } standaloneAddress)
        {
            return await RunDummyLocatorAsync(standaloneAddress, options, parent, stdout, logger, cancellationToken).ConfigureAwait(false);
        }

        var app = GrpcPluginServer.Build(new IPEndPoint(IPAddress.Loopback, 0), createHandlers, options, logging, standalone: false);
        await using (app.ConfigureAwait(false))
        {
            var handlers = app.Services.GetRequiredService<PluginHandlers>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = GrpcPluginServer.BoundAddress(app);
            await WriteHandshakeAsync(stdout, address, cancellationToken).ConfigureAwait(false);
            logger.LogInformation("Plugin {Version} serving on {Address} (pid {Pid})", options.Version, address, Environment.ProcessId);

            var lifetime = app.Services.GetRequiredService<IHostApplicationLifetime>();
            _ = StopWhenParentExitsAsync(parent, lifetime, options, logger);
            using var deadline = lifetime.ApplicationStopping.Register(() => ExitAfterShutdownTimeout(options, logger));
            await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            await DisposeOwnedAsync(handlers).ConfigureAwait(false);
            logger.LogInformation("Plugin stopped");
            return 0;
        }
    }

    private static async Task<int> RunStandaloneServerAsync(
        Func<ILoggerFactory, PluginHandlers> createHandlers,
        PluginHostOptions options,
        HclogLoggerProvider logging,
        ILogger logger,
        CancellationToken cancellationToken)
    {
        var folder = StandaloneMode.FindPluginFolder(Environment.CurrentDirectory, options.PluginId);
        var app = GrpcPluginServer.Build(StandaloneMode.ServerEndpoint(options), createHandlers, options, logging, standalone: true);
        await using (app.ConfigureAwait(false))
        {
            var handlers = app.Services.GetRequiredService<PluginHandlers>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            var address = GrpcPluginServer.BoundAddress(app);
            StandaloneMode.WriteFiles(folder, address);
            logger.LogInformation(
                "Standalone server on {Address}; wrote {AddressFile} and {PidFile} in {Folder}. Restart the plugin in Grafana so that it connects here; Ctrl+C stops",
                address,
                StandaloneMode.AddressFile,
                StandaloneMode.PidFile,
                folder);
            try
            {
                await app.WaitForShutdownAsync(cancellationToken).ConfigureAwait(false);
            }
            finally
            {
                StandaloneMode.DeleteFiles(folder);
                await DisposeOwnedAsync(handlers).ConfigureAwait(false);
            }

            return 0;
        }
    }

    private static string ExecutableName => Path.GetFileName(Environment.ProcessPath) ?? "This program";

    /// <summary>Points Grafana at a standalone server, then idles until Grafana goes away or stops this process.</summary>
    private static async Task<int> RunDummyLocatorAsync(string address, PluginHostOptions options, int parent, Stream stdout, ILogger logger, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, c => c.Cancel = true);
        using var terminate = PosixSignalRegistration.Create(PosixSignal.SIGTERM, c =>
        {
            c.Cancel = true;
            stop.Cancel();
        });
        await WriteHandshakeAsync(stdout, address, cancellationToken).ConfigureAwait(false);
        logger.LogInformation("Standalone server found; Grafana will talk to {Address}", address);
        try
        {
            await ParentProcessWatcher.WaitForParentExitAsync(parent, options.ParentCheckInterval, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
        }

        return 0;
    }

    /// <summary>
    /// go-plugin SIGKILLs a plugin 2 s after Shutdown; on a loaded machine an orderly stop can take longer, so the
    /// process exits on its own once the stop has had its share of that budget.
    /// </summary>
    private static void ExitAfterShutdownTimeout(PluginHostOptions options, ILogger logger)
    {
        var timer = new Thread(() =>
        {
            Thread.Sleep(options.ShutdownTimeout + TimeSpan.FromMilliseconds(250));
            logger.LogWarning("The orderly stop took longer than {Timeout}; exiting now", options.ShutdownTimeout);
            Environment.Exit(0);
        })
        {
            IsBackground = true,
            Name = "plugin shutdown deadline",
        };
        timer.Start();
    }

    private static async Task WriteHandshakeAsync(Stream stdout, string address, CancellationToken cancellationToken)
    {
        await stdout.WriteAsync(Encoding.ASCII.GetBytes(GoPluginEnvironment.HandshakeLine(address) + "\n"), cancellationToken).ConfigureAwait(false);
        await stdout.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task StopWhenParentExitsAsync(int parent, IHostApplicationLifetime lifetime, PluginHostOptions options, ILogger logger)
    {
        try
        {
            await ParentProcessWatcher.WaitForParentExitAsync(parent, options.ParentCheckInterval, lifetime.ApplicationStopping).ConfigureAwait(false);
            logger.LogWarning("Grafana (the parent process) is gone; stopping the plugin");
            lifetime.StopApplication();
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException or FormatException)
        {
            logger.LogWarning(e, "Cannot watch the parent process ({Error}); the plugin will not notice if Grafana dies", e.Message);
        }
    }

    private static async Task DisposeOwnedAsync(PluginHandlers handlers)
    {
        if (handlers.Owned is { } owned)
        {
            await owned.DisposeAsync().ConfigureAwait(false);
        }
    }
}
