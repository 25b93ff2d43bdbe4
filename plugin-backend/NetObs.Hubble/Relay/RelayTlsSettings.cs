using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetObs.Hubble.Relay;

/// <summary>
/// Builds the client TLS options from PEM text: a custom CA bundle as the only trust root, an
/// optional client certificate, a server-name override, and opt-in skip-verify. Remembers why the
/// last server certificate was refused so the error can say so.
/// </summary>
internal sealed class RelayTlsSettings
{
    private readonly X509Certificate2Collection? _trustRoots;
    private readonly bool _skipVerify;
    private readonly string _expectedName;

    public RelayTlsSettings(RelayConnectionOptions options, string host)
    {
        _skipVerify = options.SkipVerify;
        _expectedName = string.IsNullOrWhiteSpace(options.ServerName) ? host : options.ServerName.Trim();
        if (!string.IsNullOrWhiteSpace(options.CaCertificatePem))
        {
            _trustRoots = new X509Certificate2Collection();
            try
            {
                _trustRoots.ImportFromPem(options.CaCertificatePem);
            }
            catch (CryptographicException e)
            {
                throw new ArgumentException($"tlsCACert is not a PEM certificate bundle ({e.Message}); paste the relay CA's ca.crt", e);
            }

            if (_trustRoots.Count == 0)
            {
                throw new ArgumentException("tlsCACert holds no certificate; paste the relay CA's ca.crt (-----BEGIN CERTIFICATE-----)");
            }
        }

        if (options.Tls == RelayTlsMode.MutualTls)
        {
            ClientCertificate = LoadClientCertificate(options);
        }
    }

    /// <summary>The client certificate with its key, for mutual TLS.</summary>
    public X509Certificate2? ClientCertificate { get; }

    /// <summary>Why the last server certificate was refused, for the error message.</summary>
    public string? LastRejection { get; private set; }

    public SslClientAuthenticationOptions Build()
    {
        var ssl = new SslClientAuthenticationOptions
        {
            TargetHost = _expectedName,
            RemoteCertificateValidationCallback = Validate,
        };
        if (ClientCertificate is not null)
        {
            ssl.ClientCertificates = [ClientCertificate];
            ssl.LocalCertificateSelectionCallback = (_, _, _, _, _) => ClientCertificate;
        }

        return ssl;
    }

    private bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (_skipVerify)
        {
            return true;
        }

        if (certificate is null)
        {
            LastRejection = "the relay sent no certificate";
            return false;
        }

        // SocketsHttpHandler validates the name against the dialled host, not against TargetHost,
        // so the server-name override is checked here and the handler's name verdict is ignored.
        using var leaf = new X509Certificate2(certificate);
        if (!leaf.MatchesHostname(_expectedName))
        {
            LastRejection = $"the relay's certificate ({certificate.Subject}) is not valid for the name '{_expectedName}'; " +
                "set serverName to a name in the certificate, e.g. instance.hubble-relay.cilium.io";
            return false;
        }

        var chainErrors = errors & ~SslPolicyErrors.RemoteCertificateNameMismatch;
        if (_trustRoots is null)
        {
            if (chainErrors == SslPolicyErrors.None)
            {
                return true;
            }

            LastRejection = $"the relay's certificate ({certificate.Subject}) is not trusted by the system store ({chainErrors}); add the relay CA as tlsCACert";
            return false;
        }

        using var customChain = new X509Chain();
        customChain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        customChain.ChainPolicy.CustomTrustStore.AddRange(_trustRoots);
        customChain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        if (chain is not null)
        {
            foreach (var element in chain.ChainElements)
            {
                customChain.ChainPolicy.ExtraStore.Add(element.Certificate);
            }
        }

        if (customChain.Build(leaf))
        {
            return true;
        }

        var status = string.Join(", ", customChain.ChainStatus.Select(s => s.Status.ToString()).Distinct());
        LastRejection = $"the relay's certificate ({certificate.Subject}, issued by {certificate.Issuer}) is not signed by the configured tlsCACert ({status}); " +
            "check that tlsCACert is the CA of the relay's server certificate";
        return false;
    }

    private static X509Certificate2 LoadClientCertificate(RelayConnectionOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ClientCertificatePem) || string.IsNullOrWhiteSpace(options.ClientKeyPem))
        {
            throw new ArgumentException("mutual TLS needs both tlsClientCert and tlsClientKey (tls.crt and tls.key of the hubble-relay-client-certs secret)");
        }

        try
        {
            using var pem = X509Certificate2.CreateFromPem(options.ClientCertificatePem, options.ClientKeyPem);

            // Re-import as PKCS#12 so the key is usable by SslStream on every platform.
            return X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // An ECDSA key of another certificate surfaces as ArgumentException ("does not match the public key"), an RSA
            // one as CryptographicException; either is the user's pair of settings, not a plugin fault.
            throw new ArgumentException($"tlsClientCert/tlsClientKey cannot be loaded ({e.Message}); paste PEM text of the certificate and its matching private key", e);
        }
    }
}
