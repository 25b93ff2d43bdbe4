using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetObs.Testing.Tls;

/// <summary>A throw-away CA with a relay server certificate and a client certificate signed by it, as objects, PEM text and PEM files.</summary>
public sealed class TestCertificates : IDisposable
{
    /// <summary>The CA's common name when the caller names none.</summary>
    public const string DefaultAuthorityName = "NetObs Test CA";

    private const string ServerAuthentication = "1.3.6.1.5.5.7.3.1";
    private const string ClientAuthentication = "1.3.6.1.5.5.7.3.2";

    /// <param name="authorityName">The CA's common name, which TLS errors quote.</param>
    /// <param name="serverAddress">An address the server certificate names too, for a client that checks the name against
    /// the address it dials (SocketsHttpHandler does, whatever its TargetHost says); none by default, like the chart's.</param>
    public TestCertificates(string authorityName = DefaultAuthorityName, IPAddress? serverAddress = null)
    {
        // One clock reading for every validity period, and leaves that end a day before their CA: CertificateRequest.Create
        // refuses a notAfter past the issuer's, which two readings a second apart once produced (seen in CI).
        var now = DateTimeOffset.UtcNow;
        using var authorityKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var authorityRequest = new CertificateRequest($"CN={authorityName}", authorityKey, HashAlgorithmName.SHA256);
        authorityRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        authorityRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        authorityRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(authorityRequest.PublicKey, false));
        Authority = authorityRequest.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));

        // Like the Cilium chart: the relay's certificate names *.hubble-relay.cilium.io only, not the address it listens
        // on, so a client reaching 127.0.0.1 must set a server name such as instance.hubble-relay.cilium.io.
        var serverNames = new SubjectAlternativeNameBuilder();
        serverNames.AddDnsName("*.hubble-relay.cilium.io");
        if (serverAddress is not null)
        {
            serverNames.AddIpAddress(serverAddress);
        }

        Server = Issue("CN=*.hubble-relay.cilium.io", serverNames, ServerAuthentication, now);
        var clientNames = new SubjectAlternativeNameBuilder();
        clientNames.AddDnsName("client.hubble-relay.cilium.io");
        Client = Issue("CN=netobs-client", clientNames, ClientAuthentication, now);

        Folder = Directory.CreateTempSubdirectory("netobs-tls-").FullName;
        CaFile = Write("ca.crt", CaPem);
        ServerCertificateFile = Write("server.crt", Server.ExportCertificatePem());
        ServerKeyFile = Write("server.key", Server.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    /// <summary>The self-signed CA, with its private key.</summary>
    public X509Certificate2 Authority { get; }

    /// <summary>A server certificate for *.hubble-relay.cilium.io, with its private key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>A client certificate, with its private key.</summary>
    public X509Certificate2 Client { get; }

    public string CaPem => Authority.ExportCertificatePem();

    public string ClientCertificatePem => Client.ExportCertificatePem();

    public string ClientKeyPem => Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem();

    /// <summary>The temporary folder holding the PEM files; deleted on dispose.</summary>
    public string Folder { get; }

    public string CaFile { get; }

    public string ServerCertificateFile { get; }

    public string ServerKeyFile { get; }

    /// <summary>Whether <paramref name="certificate"/> chains to this CA alone, as a server or relay that trusts only it checks a peer.</summary>
    public bool ChainsToAuthority(X509Certificate2 certificate)
    {
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(Authority);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        return chain.Build(certificate);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private X509Certificate2 Issue(string subject, SubjectAlternativeNameBuilder names, string usageOid, DateTimeOffset now)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usageOid)], false));
        using var issued = request.Create(Authority, now.AddHours(-1), now.AddDays(29), RandomNumberGenerator.GetBytes(12));
        using var withKey = issued.CopyWithPrivateKey(key);

        // A PKCS#12 round trip gives the key a form every platform's TLS stack accepts.
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
