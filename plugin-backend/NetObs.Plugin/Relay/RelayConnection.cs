using NetObs.Hubble.Relay;
using NetObs.Query.Relay;
using NetObs.Query.Settings;

namespace NetObs.Plugin.Relay;

/// <summary>One Hubble Relay connection per data source instance: NetObs.Hubble's client, configured from the data source settings.</summary>
internal sealed class RelayConnection : IDisposable
{
    private readonly HubbleRelayClient _client;

    /// <exception cref="ArgumentException">The TLS material cannot be loaded; the message names the setting and the fix.</exception>
    public RelayConnection(DataSourceSettings settings)
    {
        _client = new HubbleRelayClient(Options(settings));
        Relay = new HubbleClientRelay(_client);
    }

    public IFlowRelay Relay { get; }

    /// <summary>The relay client's options for <paramref name="settings"/>: one timeout for dialling and unary calls, six for a bounded flow scan.</summary>
    public static RelayConnectionOptions Options(DataSourceSettings settings) => new()
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

    public void Dispose() => _client.Dispose();
}
