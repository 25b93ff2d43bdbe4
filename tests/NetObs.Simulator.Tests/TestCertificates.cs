using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetObs.Simulator.Tests;

/// <summary>A throw-away CA with a server and a client certificate, written as PEM files to a temp folder.</summary>
public sealed class TestCertificates : IDisposable
{
    public TestCertificates(string caName = "NetObs Test CA")
    {
        Folder = Directory.CreateTempSubdirectory("netobs-sim-tls-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        Authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));

        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("instance.hubble-relay.cilium.io");
        san.AddIpAddress(IPAddress.Loopback);
        Server = Issue("CN=*.hubble-relay.cilium.io", san.Build(), "1.3.6.1.5.5.7.3.1");
        Client = Issue("CN=hubble-client", null, "1.3.6.1.5.5.7.3.2");

        CaFile = Write("ca.crt", Authority.ExportCertificatePem());
        ServerCertFile = Write("tls.crt", Server.ExportCertificatePem());
        ServerKeyFile = Write("tls.key", Server.GetRSAPrivateKey()!.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }

    public X509Certificate2 Authority { get; }

    public X509Certificate2 Server { get; }

    /// <summary>A client certificate with its private key, signed by <see cref="Authority"/>.</summary>
    public X509Certificate2 Client { get; }

    public string CaFile { get; }

    public string ServerCertFile { get; }

    public string ServerKeyFile { get; }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
        Directory.Delete(Folder, recursive: true);
    }

    private X509Certificate2 Issue(string subject, X509Extension? san, string usage)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        if (san is not null)
        {
            request.CertificateExtensions.Add(san);
        }

        var serial = RandomNumberGenerator.GetBytes(12);
        using var issued = request.Create(Authority, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(10), serial);
        using var withKey = issued.CopyWithPrivateKey(key);
        return X509CertificateLoader.LoadPkcs12(withKey.Export(X509ContentType.Pkcs12), null);
    }

    private string Write(string name, string pem)
    {
        var path = Path.Combine(Folder, name);
        File.WriteAllText(path, pem);
        return path;
    }
}
