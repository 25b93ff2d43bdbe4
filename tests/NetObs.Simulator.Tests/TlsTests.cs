using System.Net;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cilium.Observer;
using Grpc.Core;
using Grpc.Net.Client;
using NetObs.Simulator.Options;
using NetObs.Testing.Tls;

namespace NetObs.Simulator.Tests;

public sealed class TlsTests
{
    [Fact]
    public async Task Tls_server_answers_a_client_that_trusts_its_ca()
    {
        using var certificates = new TestCertificates(serverAddress: IPAddress.Loopback);
        await using var simulator = await StartAsync(certificates, mutual: false);

        var status = await StatusAsync(simulator, trust: certificates, clientCertificate: null);

        Assert.Equal(3u, status.NumConnectedNodes);
        Assert.Contains("(gRPC, TLS)", simulator.Host.ListeningLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tls_server_is_refused_by_a_client_trusting_another_ca()
    {
        using var certificates = new TestCertificates(serverAddress: IPAddress.Loopback);
        using var other = new TestCertificates("Some Other CA");
        await using var simulator = await StartAsync(certificates, mutual: false);

        var error = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(simulator, trust: other, clientCertificate: null));

        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"status {error.StatusCode}");
        Assert.Contains("SSL", error.Status.DebugException?.ToString() ?? error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Mutual_tls_accepts_a_client_certificate_from_the_ca()
    {
        using var certificates = new TestCertificates(serverAddress: IPAddress.Loopback);
        await using var simulator = await StartAsync(certificates, mutual: true);

        var status = await StatusAsync(simulator, trust: certificates, clientCertificate: certificates.Client);

        Assert.Equal(3u, status.NumConnectedNodes);
        Assert.Contains("(gRPC, mTLS)", simulator.Host.ListeningLine, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Mutual_tls_rejects_a_client_without_certificate()
    {
        using var certificates = new TestCertificates(serverAddress: IPAddress.Loopback);
        await using var simulator = await StartAsync(certificates, mutual: true);

        var error = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(simulator, trust: certificates, clientCertificate: null));

        // TLS 1.3 checks the client certificate after the handshake, so the refusal surfaces as Internal or Unavailable.
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"status {error.StatusCode}");
    }

    [Fact]
    public async Task Mutual_tls_rejects_a_client_certificate_from_another_ca()
    {
        using var certificates = new TestCertificates(serverAddress: IPAddress.Loopback);
        using var other = new TestCertificates("Rogue CA");
        await using var simulator = await StartAsync(certificates, mutual: true);

        var error = await Assert.ThrowsAsync<RpcException>(() => StatusAsync(simulator, trust: certificates, clientCertificate: other.Client));

        // TLS 1.3 checks the client certificate after the handshake, so the refusal surfaces as Internal or Unavailable.
        Assert.True(error.StatusCode is StatusCode.Unavailable or StatusCode.Internal, $"status {error.StatusCode}");
    }

    private static Task<RunningSimulator> StartAsync(TestCertificates certificates, bool mutual) =>
        RunningSimulator.StartAsync(
            new SimulatorOptions
            {
                Backfill = TimeSpan.FromSeconds(5),
                TlsCertFile = certificates.ServerCertificateFile,
                TlsKeyFile = certificates.ServerKeyFile,
                TlsClientCaFile = mutual ? certificates.CaFile : null,
            },
            FrozenClock.At("2026-03-01T12:00:00Z"));

    private static async Task<ServerStatusResponse> StatusAsync(RunningSimulator simulator, TestCertificates trust, X509Certificate2? clientCertificate)
    {
        using var handler = new SocketsHttpHandler();
        handler.SslOptions.RemoteCertificateValidationCallback = (_, certificate, _, errors) =>
        {
            if (certificate is null || (errors & ~SslPolicyErrors.RemoteCertificateChainErrors) != SslPolicyErrors.None)
            {
                return false;
            }

            using var presented = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            return trust.ChainsToAuthority(presented);
        };
        if (clientCertificate is not null)
        {
            handler.SslOptions.ClientCertificates = [clientCertificate];
        }

        using var channel = GrpcChannel.ForAddress($"https://{simulator.Host.GrpcEndpoint}", new GrpcChannelOptions { HttpHandler = handler, DisposeHttpClient = false });
        var client = new Cilium.Observer.Observer.ObserverClient(channel);
        return await client.ServerStatusAsync(new ServerStatusRequest(), deadline: DateTime.UtcNow.AddSeconds(60));
    }
}
