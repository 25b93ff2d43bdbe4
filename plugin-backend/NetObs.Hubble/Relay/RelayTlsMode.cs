namespace NetObs.Hubble.Relay;

/// <summary>How the plugin talks to Hubble Relay: plaintext HTTP/2, TLS, or TLS with a client certificate.</summary>
public enum RelayTlsMode
{
    /// <summary>Plaintext HTTP/2 (h2c), the relay's default without TLS.</summary>
    Plaintext,

    /// <summary>TLS; the server certificate is checked against the CA bundle or the system store.</summary>
    Tls,

    /// <summary>TLS plus a client certificate (AKS ACNS relays require it).</summary>
    MutualTls,
}
