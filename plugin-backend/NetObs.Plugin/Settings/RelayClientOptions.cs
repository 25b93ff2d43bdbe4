using NetObs.Hubble.Relay;
using NetObs.Query.Queries;

namespace NetObs.Plugin.Settings;

/// <summary>How the data source settings configure NetObs.Hubble's relay client.</summary>
internal static class RelayClientOptions
{
    /// <summary>The relay client's options for <paramref name="settings"/>: one timeout for dialling and unary calls, six for a bounded flow scan.</summary>
    public static RelayConnectionOptions From(DataSourceSettings settings) => new()
    {
        Address = settings.Address,
        Tls = settings.TlsAuth ? RelayTlsMode.MutualTls : settings.UseTls ? RelayTlsMode.Tls : RelayTlsMode.Plaintext,
        CaCertificatePem = settings.CaCertPem,
        ClientCertificatePem = settings.ClientCertPem,
        ClientKeyPem = settings.ClientKeyPem,
        ServerName = settings.ServerName,
        SkipVerify = settings.TlsSkipVerify,
        DialTimeout = settings.Timeout,
        RequestTimeout = settings.Timeout,

        // Scanning a long range takes longer than a unary call; a followed stream has no deadline.
        FlowsTimeout = settings.Timeout * 6,
    };

    /// <summary>The limits the query engine applies; it never sees the address or TLS material.</summary>
    public static QueryLimits Limits(DataSourceSettings settings) => new(settings.DefaultLimit, settings.MaxLimit);
}
