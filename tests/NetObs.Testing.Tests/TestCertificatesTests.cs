using System.Security.Cryptography.X509Certificates;
using NetObs.Testing.Tls;

namespace NetObs.Testing.Tests;

public sealed class TestCertificatesTests
{
    [Fact]
    public void Server_and_client_certificates_end_a_day_before_their_authority()
    {
        using var certificates = new TestCertificates();

        // One clock reading for all three: a second ticking over between them must not move one validity and not another.
        Assert.Equal(certificates.Authority.NotAfter.ToUniversalTime().AddDays(-1), certificates.Server.NotAfter.ToUniversalTime());
        Assert.Equal(certificates.Authority.NotAfter.ToUniversalTime().AddDays(-1), certificates.Client.NotAfter.ToUniversalTime());
        Assert.True(certificates.Server.NotBefore >= certificates.Authority.NotBefore);
        Assert.True(certificates.Client.NotBefore >= certificates.Authority.NotBefore);
    }

    [Fact]
    public void Server_and_client_chain_to_the_authority_and_not_to_another()
    {
        using var certificates = new TestCertificates();
        using var other = new TestCertificates("Some Other CA");

        Assert.True(certificates.ChainsToAuthority(certificates.Server));
        Assert.True(certificates.ChainsToAuthority(certificates.Client));
        Assert.False(other.ChainsToAuthority(certificates.Client));
        Assert.Equal("CN=Some Other CA", other.Authority.Subject);
    }

    [Fact]
    public void Pem_files_hold_the_authority_and_the_server_certificate_with_its_key_until_disposed()
    {
        var certificates = new TestCertificates();
        using (certificates)
        {
            using var server = X509Certificate2.CreateFromPemFile(certificates.ServerCertificateFile, certificates.ServerKeyFile);
            using var client = X509Certificate2.CreateFromPem(certificates.ClientCertificatePem, certificates.ClientKeyPem);

            Assert.Equal(certificates.CaPem, File.ReadAllText(certificates.CaFile));
            Assert.Equal(certificates.Server.Thumbprint, server.Thumbprint);
            Assert.True(server.HasPrivateKey);
            Assert.Equal(certificates.Client.Thumbprint, client.Thumbprint);
        }

        Assert.False(Directory.Exists(certificates.Folder));
    }
}
