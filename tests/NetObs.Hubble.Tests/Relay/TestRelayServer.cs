using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using NetObs.Testing.Tls;

namespace NetObs.Hubble.Tests.Relay;

/// <summary>Kestrel on 127.0.0.1 with an OS-assigned port, serving <see cref="TestObserver"/> in plaintext, TLS or mutual TLS.</summary>
internal sealed class TestRelayServer : IAsyncDisposable
{
    private readonly WebApplication _app;

    private TestRelayServer(WebApplication app, int port, TestObserverSettings settings)
    {
        _app = app;
        Port = port;
        Settings = settings;
    }

    public int Port { get; }

    public TestObserverSettings Settings { get; }

    public static async Task<TestRelayServer> StartAsync(TestCertificates? tls = null, bool requireClientCertificate = false)
    {
        var settings = new TestObserverSettings();
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(settings);
        builder.Services.AddGrpc();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            if (tls is null)
            {
                return;
            }

            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = tls.Server,
                ClientCertificateMode = requireClientCertificate ? ClientCertificateMode.RequireCertificate : ClientCertificateMode.NoCertificate,
                ClientCertificateValidation = (certificate, _, _) => tls.ChainsToAuthority(certificate),
            });
        }));
        var app = builder.Build();
        app.MapGrpcService<TestObserver>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new TestRelayServer(app, new Uri(address).Port, settings);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
