using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetObs.Query.Tests;

/// <summary>A throw-away CA that issues a relay server certificate (instance.hubble-relay.cilium.io, 127.0.0.1), written as PEM files.</summary>
internal sealed class TestAuthority : IDisposable
{
    public TestAuthority(string name)
    {
        Folder = Directory.CreateTempSubdirectory("netobs-query-tls-").FullName;
        using var caKey = RSA.Create(2048);
        var caRequest = new CertificateRequest($"CN={name}", caKey, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        using var authority = caRequest.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(30));
        CaPem = authority.ExportCertificatePem();

        using var key = RSA.Create(2048);
        var request = new CertificateRequest("CN=*.hubble-relay.cilium.io", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("instance.hubble-relay.cilium.io");
        san.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var server = request.Create(authority, DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddDays(29), RandomNumberGenerator.GetBytes(8));
        CertFile = Path.Combine(Folder, "tls.crt");
        KeyFile = Path.Combine(Folder, "tls.key");
        File.WriteAllText(CertFile, server.ExportCertificatePem());
        File.WriteAllText(KeyFile, key.ExportPkcs8PrivateKeyPem());
    }

    public string Folder { get; }

    public string CaPem { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public void Dispose() => Directory.Delete(Folder, recursive: true);
}
