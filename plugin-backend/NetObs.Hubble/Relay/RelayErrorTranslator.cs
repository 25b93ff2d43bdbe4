using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;

namespace NetObs.Hubble.Relay;

/// <summary>Maps gRPC and transport failures to a <see cref="RelayFailure"/> and a sentence a Grafana user can act on.</summary>
internal static class RelayErrorTranslator
{
    /// <summary>The server named in errors until the client has found a NetObs history server at the address.</summary>
    public const string HubbleRelay = "Hubble Relay";

    /// <summary>The server named in errors once the client has found the history server's aggregation service.</summary>
    public const string HistoryServer = "NetObs history server";

    /// <param name="error">What the gRPC call threw.</param>
    /// <param name="method">The relay method, e.g. GetFlows.</param>
    /// <param name="authority">The relay's host:port.</param>
    /// <param name="timeout">The call's deadline, null when it had none.</param>
    /// <param name="options">The connection options, for the dial timeout and TLS hints.</param>
    /// <param name="tlsRejection">Why our certificate check refused the relay, when it did.</param>
    /// <param name="server">What answers at the address: Hubble Relay, or a NetObs history server once the client found one there.</param>
    public static RelayException Translate(RpcException error, string method, string authority, TimeSpan? timeout, RelayConnectionOptions options, string? tlsRejection, string server = HubbleRelay)
    {
        var at = $"{server} at {authority}";
        var it = server == HubbleRelay ? "the relay" : "the history server";
        switch (error.StatusCode)
        {
            case StatusCode.DeadlineExceeded:
                var within = timeout is { } t ? $"within {t.TotalSeconds:0.#}s" : "in time";
                return new RelayException(
                    RelayFailure.Deadline,
                    $"{method} to {at} did not answer {within}; check that the address is {it}'s gRPC port, or raise the data source timeout or narrow the query",
                    error);
            case StatusCode.Unimplemented:
                return new RelayException(
                    RelayFailure.Unimplemented,
                    $"{method} is not implemented by {at} ({error.Status.Detail}); a per-node Hubble server has no GetNodes — point the data source at Hubble Relay",
                    error);
            case StatusCode.InvalidArgument:
                return new RelayException(RelayFailure.InvalidArgument, $"{at} rejected the {method} request: {error.Status.Detail}", error);
            case StatusCode.Unauthenticated or StatusCode.PermissionDenied:
                return new RelayException(
                    RelayFailure.ClientRefused,
                    $"{at} refused the client for {method} ({error.StatusCode}: {error.Status.Detail}); check the client certificate in tlsClientCert/tlsClientKey",
                    error);
            case StatusCode.Unavailable or StatusCode.Internal or StatusCode.Unknown:
                return FromTransport(error, method, at, it, options, tlsRejection);
            default:
                return new RelayException(RelayFailure.Other, $"{method} to {at} failed with {error.StatusCode}: {error.Status.Detail}", error);
        }
    }

    private static RelayException FromTransport(RpcException error, string method, string at, string it, RelayConnectionOptions options, string? tlsRejection)
    {
        var inner = error.Status.DebugException;
        if (tlsRejection is not null && Chain(inner).Any(e => e is AuthenticationException))
        {
            return new RelayException(RelayFailure.TlsFailure, $"TLS verification failed for {at}: {tlsRejection}", error);
        }

        if (Chain(inner).OfType<AuthenticationException>().FirstOrDefault() is { } auth)
        {
            return new RelayException(
                RelayFailure.TlsFailure,
                $"TLS handshake with {at} failed: {Innermost(auth).Message}; check tlsCACert and serverName, and if {it} requires a client certificate (mTLS) turn on tlsAuth with tlsClientCert/tlsClientKey",
                error);
        }

        if (Chain(inner).OfType<SocketException>().FirstOrDefault() is { } socket)
        {
            var reason = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => $"connection refused; is {it} (or kubectl port-forward) running on that port?",
                SocketError.ConnectionReset => $"connection reset by {it}; if it serves TLS, use tls://host:port",
                SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain => "host name not found; check the data source URL",
                SocketError.TimedOut => $"no answer within the {options.DialTimeout.TotalSeconds:0.#}s dial timeout",
                _ => socket.Message,
            };
            return new RelayException(RelayFailure.Unreachable, $"cannot reach {at} for {method}: {reason}", error);
        }

        if (Chain(inner).Any(e => e is TimeoutException or TaskCanceledException))
        {
            return new RelayException(
                RelayFailure.Unreachable,
                $"cannot reach {at} for {method}: no connection within the {options.DialTimeout.TotalSeconds:0.#}s dial timeout",
                error);
        }

        // The connection existed and broke while the answer was on its way (HttpIOException and kin): the relay
        // process died, restarted or dropped the connection. Its text ("response ended prematurely") tells a user nothing.
        if (Chain(inner).Any(e => e is IOException) && !Chain(inner).Any(e => e is HttpRequestException))
        {
            return new RelayException(
                RelayFailure.Unreachable,
                $"the connection to {at} broke during {method} ({it} stopped, restarted or closed it); check that {it} is running, then try again",
                error);
        }

        if (Chain(inner).OfType<HttpRequestException>().FirstOrDefault() is { } http)
        {
            var message = Innermost(http).Message;
            var hint = options.Tls == RelayTlsMode.Plaintext && !options.Address.StartsWith("tls://", StringComparison.OrdinalIgnoreCase)
                ? $"; if {it} serves TLS, use tls://host:port"
                : $"; if {it} requires a client certificate, turn on tlsAuth with tlsClientCert and tlsClientKey";
            return new RelayException(RelayFailure.Other, $"{method} to {at} failed: {message}{hint}", error);
        }

        return new RelayException(
            error.StatusCode == StatusCode.Unavailable ? RelayFailure.Unreachable : RelayFailure.Other,
            $"{method} to {at} failed with {error.StatusCode}: {error.Status.Detail}",
            error);
    }

    private static IEnumerable<Exception> Chain(Exception? error)
    {
        for (var current = error; current is not null; current = current.InnerException)
        {
            yield return current;
        }
    }

    private static Exception Innermost(Exception error) => Chain(error).Last();
}
