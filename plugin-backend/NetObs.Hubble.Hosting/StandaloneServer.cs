using System.Net;
using Grpc.Health.V1;
using Grpc.HealthCheck;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace NetObs.Hubble.Hosting;

/// <summary>
/// Kestrel servers of a stand-alone process: no configuration files, logs (Warning and up) on stderr because stdout
/// carries only the listening line, and a lifetime that <see cref="ServingProcess"/> controls.
/// </summary>
public static class StandaloneServer
{
    /// <summary>The health service name `hubble status` checks before it calls ServerStatus (hubble-api.md §1.1).</summary>
    public const string HubbleObserverHealthName = "hubble.server.Observer";

    /// <summary>A builder for one server of the process; the caller adds its listener, services and routes.</summary>
    public static WebApplicationBuilder CreateBuilder()
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.ClearProviders();
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace);
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddSingleton<IHostLifetime, ExternallyControlledLifetime>();
        return builder;
    }

    /// <summary>
    /// A gRPC server on one endpoint, HTTP/2 only (TLS when <paramref name="https"/> is given, else cleartext), that
    /// reports the Hubble observer as serving on grpc.health.v1; <paramref name="addServices"/> and
    /// <paramref name="mapServices"/> add the caller's own gRPC services. Not started yet.
    /// </summary>
    public static WebApplication BuildGrpc(IPEndPoint listen, HttpsConnectionAdapterOptions? https,
        Action<IServiceCollection> addServices, Action<IEndpointRouteBuilder> mapServices)
    {
        ArgumentNullException.ThrowIfNull(listen);
        ArgumentNullException.ThrowIfNull(addServices);
        ArgumentNullException.ThrowIfNull(mapServices);
        var builder = CreateBuilder();
        if (https is not null)
        {
            builder.WebHost.UseKestrelHttpsConfiguration();
        }

        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(listen, endpoint =>
        {
            endpoint.Protocols = HttpProtocols.Http2;
            if (https is not null)
            {
                endpoint.UseHttps(https);
            }
        }));
        builder.Services.AddGrpc(grpc => grpc.MaxSendMessageSize = null);
        var health = new HealthServiceImpl();
        health.SetStatus("", HealthCheckResponse.Types.ServingStatus.Serving);
        health.SetStatus(HubbleObserverHealthName, HealthCheckResponse.Types.ServingStatus.Serving);
        builder.Services.AddSingleton(health);
        addServices(builder.Services);
        var app = builder.Build();
        app.MapGrpcService<HealthServiceImpl>();
        mapServices(app);
        return app;
    }

    /// <summary>The address a started server listens on, with the port the OS chose for port 0.</summary>
    public static IPEndPoint BoundEndpoint(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        var uri = new Uri(address);
        return new IPEndPoint(IPAddress.Parse(uri.Host.Trim('[', ']')), uri.Port);
    }
}
