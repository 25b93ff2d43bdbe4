namespace NetObs.History.Options;

/// <summary>
/// TLS towards the relays, with the hubble CLI's flag names. Files are read while parsing, so the
/// PEM text is what the data source's connection options take.
/// </summary>
public sealed record RelayTlsFiles
{
    /// <summary>Use TLS for every relay, also those written without <c>tls://</c>.</summary>
    public bool Enabled { get; init; }

    /// <summary>PEM bundle of the CA that signs the relays' certificates (--tls-ca-cert-files); null uses the system store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>PEM client certificate for mutual TLS (--tls-client-cert-file).</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>PEM key of the client certificate (--tls-client-key-file).</summary>
    public string? ClientKeyPem { get; init; }

    /// <summary>Name the relay certificate must carry (--tls-server-name), e.g. instance.hubble-relay.cilium.io.</summary>
    public string? ServerName { get; init; }

    /// <summary>Accept any relay certificate (--tls-allow-insecure); for port-forwards and tests only.</summary>
    public bool AllowInsecure { get; init; }

    /// <summary>A client certificate turns mutual TLS on.</summary>
    public bool Mutual => ClientCertificatePem is not null;
}
