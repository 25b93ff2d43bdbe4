using System.Runtime.InteropServices;

namespace NetObs.Hubble.Relay;

/// <summary>
/// Decides, before the first TLS use, whether .NET can use OpenSSL in this process. On Linux, SslStream and X509
/// go through OpenSSL, and when .NET's shim cannot load libssl it prints "No usable version of libssl was found"
/// and calls abort(): the whole plugin dies instead of one data source failing. The relay client asks this check
/// first and reports <see cref="Problem"/> as the relay error instead.
/// </summary>
/// <remarks>
/// Two ways to decide, by the kind of system:
/// <list type="bullet">
/// <item>Alpine (Grafana's default image): only files are looked at, never loaded. Its libssl is linked against
/// musl; should the glibc-compat loader find it on a search path (an image's LD_LIBRARY_PATH or ld.so.conf listing
/// /lib or /usr/lib), loading it maps musl's libc into our glibc process: undefined behaviour, not a clean failure. So Alpine
/// (/etc/alpine-release, or ID or ID_LIKE alpine in /etc/os-release) counts as usable only when a glibc libssl and
/// its libcrypto were installed next to the glibc-compat libc, in /usr/glibc-compat/lib.</item>
/// <item>Other Linux (glibc): every library there is linked like us, so loading is safe and is the one exact
/// answer. The names are tried in .NET's order (CLR_OPENSSL_VERSION_OVERRIDE first, then 3, 1.1, ...;
/// dotnet/runtime:src/native/libs/System.Security.Cryptography.Native/opensslshim.c). A loaded library stays
/// loaded: .NET opens the same one next, and unloading OpenSSL can run its exit handlers early.</item>
/// </list>
/// </remarks>
internal sealed class OpenSslCheck
{
    private const string GlibcCompatLibraries = "/usr/glibc-compat/lib";

    private static readonly string[] LibsslVersions = ["3", "1.1", "1.0.2", "1.0.0", "10", "11", "111"];

    private static readonly Lazy<string?> ThisProcess = new(() => OperatingSystem.IsLinux() ? ForThisMachine().Find() : null);

    private readonly Func<string, bool> _fileExists;
    private readonly Func<string, string?> _readFile;
    private readonly Func<string, bool> _canLoad;
    private readonly string? _versionOverride;

    /// <param name="fileExists">Whether a file exists (the system's files, or a test's).</param>
    /// <param name="readFile">A text file's content, null when it does not exist.</param>
    /// <param name="canLoad">Whether the dynamic loader can load a library by name; only called off Alpine.</param>
    /// <param name="versionOverride">CLR_OPENSSL_VERSION_OVERRIDE, which .NET tries before its own list.</param>
    public OpenSslCheck(Func<string, bool> fileExists, Func<string, string?> readFile, Func<string, bool> canLoad, string? versionOverride)
    {
        _fileExists = fileExists;
        _readFile = readFile;
        _canLoad = canLoad;
        _versionOverride = versionOverride;
    }

    /// <summary>
    /// Why TLS cannot be used in this process, as the end of a sentence that starts "TLS to Hubble Relay at host:port";
    /// null when it can (and always off Linux, where .NET uses the system's TLS). Decided once per process.
    /// </summary>
    public static string? Problem => ThisProcess.Value;

    /// <summary>The check on this machine's files and dynamic loader.</summary>
    public static OpenSslCheck ForThisMachine() => new(
        File.Exists,
        path => File.Exists(path) ? File.ReadAllText(path) : null,
        name => NativeLibrary.TryLoad(name, out _),
        Environment.GetEnvironmentVariable("CLR_OPENSSL_VERSION_OVERRIDE"));

    /// <summary>The libssl names .NET tries, in its order.</summary>
    public IEnumerable<string> LibsslNames =>
        (string.IsNullOrEmpty(_versionOverride) ? LibsslVersions : [_versionOverride, .. LibsslVersions])
        .Distinct(StringComparer.Ordinal)
        .Select(version => $"libssl.so.{version}");

    /// <summary>Why TLS cannot be used on the system this check looks at, or null when it can.</summary>
    public string? Find()
    {
        if (IsAlpine())
        {
            return LibsslNames.Any(HasGlibcCompatOpenSsl)
                ? null
                : "needs OpenSSL built for glibc, and this Grafana image (Alpine Linux, musl) has none: Alpine's libssl is built for musl " +
                  $"and {GlibcCompatLibraries} holds no libssl. Run Grafana from the Ubuntu-based image (grafana/grafana:<version>-ubuntu), " +
                  "or use a plaintext relay address (host:port without tls://)";
        }

        return LibsslNames.Any(_canLoad)
            ? null
            : $"needs OpenSSL, and none can be loaded on this system (tried {string.Join(", ", LibsslNames)}): " +
              "install OpenSSL 3 (libssl3 on Debian and Ubuntu, openssl-libs on RHEL), or use a plaintext relay address (host:port without tls://)";
    }

    private bool IsAlpine()
    {
        if (_fileExists("/etc/alpine-release"))
        {
            return true;
        }

        var osRelease = _readFile("/etc/os-release") ?? _readFile("/usr/lib/os-release");
        return osRelease is not null && osRelease.Split('\n').Any(line => IsAlpineId(line, "ID=") || IsAlpineId(line, "ID_LIKE="));
    }

    private static bool IsAlpineId(string line, string key) =>
        line.StartsWith(key, StringComparison.Ordinal) &&
        line[key.Length..].Trim().Trim('"', '\'').Split(' ').Contains("alpine", StringComparer.Ordinal);

    // libssl needs the libcrypto of the same version; the soname suffix is the same for both.
    private bool HasGlibcCompatOpenSsl(string libssl) =>
        _fileExists($"{GlibcCompatLibraries}/{libssl}") &&
        _fileExists($"{GlibcCompatLibraries}/{libssl.Replace("libssl", "libcrypto", StringComparison.Ordinal)}");
}
