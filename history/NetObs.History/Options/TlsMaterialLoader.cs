using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace NetObs.History.Options;

/// <summary>Reads and checks the PEM files of the relay TLS flags, so bad material is reported at start with the flag that named it.</summary>
public static class TlsMaterialLoader
{
    /// <summary>The CA bundle's text, or null with a problem added.</summary>
    public static string? LoadCaBundle(string flag, string path, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (ReadText(flag, path, problems) is not { } pem)
        {
            return null;
        }

        var bundle = new X509Certificate2Collection();
        try
        {
            bundle.ImportFromPem(pem);
        }
        catch (CryptographicException)
        {
            problems.Add($"{flag} '{path}' is not a PEM certificate bundle; pass the relay CA's ca.crt (-----BEGIN CERTIFICATE-----).");
            return null;
        }

        if (bundle.Count == 0)
        {
            problems.Add($"{flag} '{path}' holds no certificate; pass the relay CA's ca.crt (-----BEGIN CERTIFICATE-----).");
            return null;
        }

        foreach (var certificate in bundle)
        {
            certificate.Dispose();
        }

        return pem;
    }

    /// <summary>Reads the client certificate and key and checks that they belong together.</summary>
    public static (string? Certificate, string? Key) LoadClientPair(string? certificatePath, string? keyPath, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(problems);
        if (certificatePath is null && keyPath is null)
        {
            return (null, null);
        }

        if (certificatePath is null || keyPath is null)
        {
            problems.Add("--tls-client-cert-file and --tls-client-key-file go together: pass both (tls.crt and tls.key of the hubble-relay-client-certs secret) for mutual TLS, or neither.");
            return (null, null);
        }

        var certificate = ReadText("--tls-client-cert-file", certificatePath, problems);
        var key = ReadText("--tls-client-key-file", keyPath, problems);
        if (certificate is null || key is null)
        {
            return (null, null);
        }

        try
        {
            using var pair = X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (Exception e) when (e is CryptographicException or ArgumentException)
        {
            // An ECDSA key of another certificate surfaces as ArgumentException ("does not match the public key"), an RSA
            // one as CryptographicException.
            problems.Add($"--tls-client-cert-file '{certificatePath}' and --tls-client-key-file '{keyPath}' are not a PEM certificate and its matching private key; " +
                "pass tls.crt and tls.key from the same secret.");
            return (null, null);
        }

        return (certificate, key);
    }

    private static string? ReadText(string flag, string path, ICollection<string> problems)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            problems.Add($"{flag} '{path}' cannot be read; pass the path of a readable PEM file.");
            return null;
        }
    }
}
