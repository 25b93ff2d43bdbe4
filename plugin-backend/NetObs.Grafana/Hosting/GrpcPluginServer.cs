using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using NetObs.Grafana.Logging;
using NetObs.Grafana.Metrics;
using NetObs.Grafana.Services;

namespace NetObs.Grafana.Hosting;

/// <summary>Builds the plugin's gRPC server: Kestrel, cleartext HTTP/2 only, on one loopback endpoint.</summary>
internal static class GrpcPluginServer
{
    /// <summary>The service name go-plugin's health check asks about (hashicorp/go-plugin grpc_server.go).</summary>
    public const string HealthServiceName = "plugin";

    public static WebApplication Build(
        IPEndPoint endpoint,
        Func<ILoggerFactory, PluginHandlers> createHandlers,
        PluginHostOptions options,
        HclogLoggerProvider logging,
        bool standalone)
    {
        // The empty builder reads no configuration (no appsettings.json, environment variables or file watchers): the
        // plugin is configured by Grafana through the protocol alone, and every service it skips is start-up time saved.
        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions
        {
            Args = [],
            // The working directory is Grafana's, not ours.
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.WebHost.UseKestrelCore();
        builder.Services.AddRoutingCore();

        builder.Logging.ClearProviders();
        builder.Logging.AddProvider(logging);
        builder.Logging.SetMinimumLevel(options.MinimumLogLevel);
        builder.Logging.AddFilter("Microsoft", LogLevel.Warning);
        builder.Logging.AddFilter("Grpc", LogLevel.Warning);

        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = null;
            kestrel.Limits.Http2.MaxStreamsPerConnection = 1000;
            // go-plugin dials with insecure credentials and HTTP/2 prior knowledge (h2c).
            kestrel.Listen(endpoint, listen => listen.Protocols = HttpProtocols.Http2);
        });

        builder.Services.Configure<HostOptions>(host => host.ShutdownTimeout = options.ShutdownTimeout);
        builder.Services.AddSingleton<IHostLifetime>(services => new PluginHostLifetime(
            services.GetRequiredService<IHostApplicationLifetime>(),
            services.GetRequiredService<ILogger<PluginHostLifetime>>(),
            stopOnInterrupt: standalone));
        builder.Services.AddGrpc(grpc =>
        {
            grpc.MaxReceiveMessageSize = options.MaxReceiveMessageBytes;
            grpc.MaxSendMessageSize = null;
            grpc.EnableDetailedErrors = false;
        });
        builder.Services.AddSingleton(services => createHandlers(services.GetRequiredService<ILoggerFactory>()));
        builder.Services.AddSingleton(new PluginMetrics(options.MetricsPrefix));
        var health = new HealthServiceImpl();
        health.SetStatus(HealthServiceName, HealthCheckResponse.Types.ServingStatus.Serving);
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);

        var app = builder.Build();
        app.MapGrpcService<DataService>();
        app.MapGrpcService<DiagnosticsService>();
        app.MapGrpcService<ResourceService>();
        app.MapGrpcService<StreamService>();
        app.MapGrpcService<HealthServiceImpl>();
        if (!standalone)
        {
            // The Go SDK's standalone server has no controller: Grafana's Kill must not stop a debugging session.
            app.MapGrpcService<ControllerService>();
        }

        return app;
    }

    /// <summary>The address Kestrel actually bound (port 0 becomes the OS-assigned port).</summary>
    public static string BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        var uri = new Uri(addresses.First());
        return $"127.0.0.1:{uri.Port}";
    }
}
