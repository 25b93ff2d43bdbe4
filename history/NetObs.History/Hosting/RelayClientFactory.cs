using NetObs.History.Options;
using NetObs.Hubble.Relay;

namespace NetObs.History.Hosting;

/// <summary>The data source's relay client for one followed relay, with the command line's TLS settings.</summary>
public static class RelayClientFactory
{
    /// <exception cref="OptionsException">The address or TLS settings cannot be used; the message names the flag.</exception>
    public static HubbleRelayClient Create(RelayTarget target, RelayTlsFiles tls)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(tls);
        var options = new RelayConnectionOptions
        {
            Address = target.Address,
            Tls = tls.Mutual ? RelayTlsMode.MutualTls : tls.Enabled ? RelayTlsMode.Tls : RelayTlsMode.Plaintext,
            CaCertificatePem = tls.CaCertificatePem,
            ClientCertificatePem = tls.ClientCertificatePem,
            ClientKeyPem = tls.ClientKeyPem,
            ServerName = tls.ServerName,
            SkipVerify = tls.AllowInsecure,
        };
        try
        {
            return new HubbleRelayClient(options);
        }
        catch (ArgumentException)
        {
            // The client's own wording names the data source's settings; say it in the command line's terms.
            throw new OptionsException(
                $"--relay '{target}': the address or the TLS settings cannot be used; write host:port or tls://host:port, " +
                "and for mutual TLS pass --tls-client-cert-file and --tls-client-key-file with a tls:// address (or --tls).");
        }
    }
}
