namespace NetObs.Hubble.Relay;

/// <summary>
/// Where and how to reach Hubble Relay. <see cref="Address"/> is <c>host:port</c>, or
/// <c>tls://host:port</c> which turns TLS on; certificates and keys are PEM text (the data source's
/// secureJsonData), never file paths.
/// </summary>
public sealed record RelayConnectionOptions
{
    /// <summary>Relay address: <c>host:port</c>, <c>tls://host:port</c>, <c>http://</c> or <c>https://</c>.</summary>
    public required string Address { get; init; }

    /// <summary>Transport security; a <c>tls://</c> or <c>https://</c> address implies at least <see cref="RelayTlsMode.Tls"/>.</summary>
    public RelayTlsMode Tls { get; init; } = RelayTlsMode.Plaintext;

    /// <summary>PEM bundle of CA certificates that sign the relay's certificate; null uses the system store.</summary>
    public string? CaCertificatePem { get; init; }

    /// <summary>PEM client certificate for mutual TLS.</summary>
    public string? ClientCertificatePem { get; init; }

    /// <summary>PEM private key of the client certificate.</summary>
    public string? ClientKeyPem { get; init; }

    /// <summary>Name to verify the relay's certificate against, e.g. <c>instance.hubble-relay.cilium.io</c>.</summary>
    public string? ServerName { get; init; }

    /// <summary>Accept any server certificate. Opt-in, for tests and port-forwards only.</summary>
    public bool SkipVerify { get; init; }

    /// <summary>How long to wait for the TCP and TLS connection (the CLI's --timeout, default 5s).</summary>
    public TimeSpan DialTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>Deadline for unary calls (the CLI's --request-timeout, default 12s).</summary>
    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromSeconds(12);

    /// <summary>Deadline for a GetFlows stream that does not follow; null for none, as the CLI does. Followed streams never get one.</summary>
    public TimeSpan? FlowsTimeout { get; init; }
}
