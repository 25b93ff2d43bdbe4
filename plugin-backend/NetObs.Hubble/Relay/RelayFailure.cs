namespace NetObs.Hubble.Relay;

/// <summary>Why a relay call failed, so callers can tell the user what to fix.</summary>
public enum RelayFailure
{
    /// <summary>Nothing answered at the address (refused, unknown host, dial timeout).</summary>
    Unreachable,

    /// <summary>The TLS handshake failed: untrusted certificate, name mismatch, missing client certificate.</summary>
    TlsFailure,

    /// <summary>TLS cannot be used in this process: the system has no OpenSSL the plugin can load (Grafana's Alpine image).</summary>
    TlsUnavailable,

    /// <summary>The request timed out.</summary>
    Deadline,

    /// <summary>The server does not implement the call (e.g. GetNodes on a per-node Hubble server).</summary>
    Unimplemented,

    /// <summary>The server rejected the request, typically a filter it cannot parse.</summary>
    InvalidArgument,

    /// <summary>The server refused the client (Unauthenticated or PermissionDenied): a missing or wrong client certificate.</summary>
    ClientRefused,

    /// <summary>Any other gRPC or transport failure.</summary>
    Other,
}
