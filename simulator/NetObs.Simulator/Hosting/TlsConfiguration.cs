using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Hosting;

/// <summary>Kestrel HTTPS settings from PEM files: server TLS, and client-certificate checks against a CA for mTLS.</summary>
public static class TlsConfiguration
{
    public static HttpsConnectionAdapterOptions Load(SimulatorOptions options)
    {
        X509Certificate2 certificate;
        try
        {
            using var pem = X509Certificate2.CreateFromPemFile(options.TlsCertFile!, options.TlsKeyFile);
            // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts.
            certificate = X509CertificateLoader.LoadPkcs12(pem.Export(X509ContentType.Pkcs12), null);
        }
        catch (Exception e) when (e is CryptographicException or IOException)
        {
            throw new OptionsException(
                $"--tls-cert '{options.TlsCertFile}' / --tls-key '{options.TlsKeyFile}': cannot load the certificate and its key ({e.Message}); pass a PEM certificate and the PEM private key that belongs to it.");
        }

        var https = new HttpsConnectionAdapterOptions { ServerCertificate = certificate };
        if (options.TlsClientCaFile is { } caFile)
        {
            var authorities = new X509Certificate2Collection();
            try
            {
                authorities.ImportFromPemFile(caFile);
            }
            catch (Exception e) when (e is CryptographicException or IOException)
            {
                throw new OptionsException($"--tls-client-ca '{caFile}': cannot read the CA bundle ({e.Message}); pass PEM certificates.");
            }

            if (authorities.Count == 0)
            {
                throw new OptionsException($"--tls-client-ca '{caFile}' holds no certificate; pass a PEM file with the CA that signs client certificates.");
            }

            https.ClientCertificateMode = ClientCertificateMode.RequireCertificate;
            https.ClientCertificateValidation = (client, _, _) => ChainsTo(client, authorities);
        }

        return https;
    }

    private static bool ChainsTo(X509Certificate2 client, X509Certificate2Collection authorities)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(authorities);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(client);
    }
}
