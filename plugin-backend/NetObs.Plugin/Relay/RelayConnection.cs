using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using Cilium.Observer;
using Grpc.Net.Client;
using NetObs.Query.Relay;
using NetObs.Query.Settings;

namespace NetObs.Plugin.Relay;

/// <summary>One gRPC channel to Hubble Relay per data source instance, with the TLS/mTLS the settings ask for.</summary>
internal sealed class RelayConnection : IDisposable
{
    private readonly GrpcChannel _channel;

    public RelayConnection(DataSourceSettings settings)
    {
        Settings = settings;
        var handler = new SocketsHttpHandler
        {
            ConnectTimeout = settings.Timeout,
            EnableMultipleHttp2Connections = true,
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(5),
            KeepAlivePingDelay = TimeSpan.FromSeconds(30),
            KeepAlivePingTimeout = TimeSpan.FromSeconds(10),
        };

        if (settings.UseTls)
        {
            handler.SslOptions = TlsOptions(settings);
        }

        _channel = GrpcChannel.ForAddress((settings.UseTls ? "https://" : "http://") + settings.Address, new GrpcChannelOptions
        {
            HttpHandler = handler,
            MaxReceiveMessageSize = 64 * 1024 * 1024,
            DisposeHttpClient = true,
        });
        Relay = new ObserverClientRelay(new Observer.ObserverClient(_channel), settings.Timeout);
    }

    public DataSourceSettings Settings { get; }

    public IFlowRelay Relay { get; }

    /// <summary>Why the last server certificate was rejected, for error messages; null when none was.</summary>
    public string? LastTlsRejection { get; private set; }

    public void Dispose() => _channel.Dispose();

    private SslClientAuthenticationOptions TlsOptions(DataSourceSettings settings)
    {
        var options = new SslClientAuthenticationOptions();
        if (settings.ServerName is { } serverName)
        {
            options.TargetHost = serverName;
        }

        if (settings.TlsAuth && settings.ClientCertPem is { } cert && settings.ClientKeyPem is { } key)
        {
            // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts.
            using var pem = X509Certificate2.CreateFromPem(cert, key);
            options.ClientCertificates = [X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null)];
        }

        X509Certificate2Collection? roots = null;
        if (settings.CaCertPem is { } ca)
        {
            roots = [];
            roots.ImportFromPem(ca);
        }

        options.RemoteCertificateValidationCallback = (_, certificate, chain, errors) => Validate(settings, roots, certificate, errors);
        return options;
    }

    private bool Validate(DataSourceSettings settings, X509Certificate2Collection? roots, X509Certificate? certificate, SslPolicyErrors errors)
    {
        if (settings.TlsSkipVerify)
        {
            return true;
        }

        if (certificate is null)
        {
            LastTlsRejection = "the relay sent no certificate";
            return false;
        }

        if ((errors & SslPolicyErrors.RemoteCertificateNameMismatch) != 0)
        {
            LastTlsRejection = $"the relay's certificate is not valid for the name '{settings.ServerName ?? HostOf(settings.Address)}' (set jsonData.serverName to a name in the certificate, e.g. instance.hubble-relay.cilium.io)";
            return false;
        }

        if (roots is null)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }

            LastTlsRejection = $"the relay's certificate is not trusted by the system ({errors}); add its CA in secureJsonData.tlsCACert";
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        using var leaf = new X509Certificate2(certificate);
        if (custom.Build(leaf))
        {
            return true;
        }

        var statuses = string.Join(", ", custom.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        LastTlsRejection = $"the relay's certificate (subject '{leaf.Subject}', issuer '{leaf.Issuer}') is not signed by the CA in secureJsonData.tlsCACert ({statuses})";
        return false;
    }

    private static string HostOf(string address) => address[..address.LastIndexOf(':')];
}
