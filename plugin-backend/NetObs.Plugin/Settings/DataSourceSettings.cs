namespace NetObs.Plugin.Settings;

/// <summary>A data source instance's validated settings: where the relay is, how to secure the connection, timeouts and flow limits.</summary>
public sealed record DataSourceSettings(
    string Address,
    bool UseTls,
    bool TlsAuth,
    bool TlsSkipVerify,
    string? ServerName,
    TimeSpan Timeout,
    int DefaultLimit,
    int MaxLimit,
    string? CaCertPem,
    string? ClientCertPem,
    string? ClientKeyPem)
{
    public const int DefaultDefaultLimit = 1000;
    public const int DefaultMaxLimit = 10_000;
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);
}
