using System.Net.Sockets;
using System.Security.Authentication;
using Grpc.Core;
using NetObs.Query.Results;
using NetObs.Query.Settings;

namespace NetObs.Query.Queries;

/// <summary>Turns relay errors into <see cref="QueryFailure"/>s whose message names the relay, the cause and the fix.</summary>
public static class RelayFailures
{
    /// <param name="error">What the relay call threw.</param>
    /// <param name="settings">The data source settings (address, timeout).</param>
    /// <param name="tlsRejection">Why our certificate check rejected the relay, when it did.</param>
    public static QueryFailure Describe(Exception error, DataSourceSettings settings, string? tlsRejection = null)
    {
        var where = $"Hubble Relay at {settings.Address}";
        var inner = Innermost(error);
        if (error is RpcException { StatusCode: StatusCode.DeadlineExceeded } || inner is TimeoutException)
        {
            return new QueryFailure($"{where} did not answer within {settings.Timeout.TotalSeconds:0.#} s (jsonData.timeout): timeout. Check that the address is the relay's gRPC port, or narrow the range or raise the timeout.", FailureSource.Downstream, 504, error);
        }

        if (Find<AuthenticationException>(error) is { } tls)
        {
            var why = tlsRejection ?? tls.Message;
            return new QueryFailure($"{where}: TLS verification failed: {why}.", FailureSource.Downstream, 502, error);
        }

        if (Find<SocketException>(error) is { } socket)
        {
            var what = socket.SocketErrorCode switch
            {
                SocketError.ConnectionRefused => "connection refused (nothing listens on that port; check url and that hubble-relay runs, e.g. kubectl port-forward)",
                SocketError.HostNotFound or SocketError.NoData => "host not found (check the host name in url)",
                SocketError.TimedOut => "connection timed out",
                SocketError.ConnectionReset => "connection reset by the relay (a TLS relay reached without TLS? use tls://host:port)",
                _ => socket.Message,
            };
            return new QueryFailure($"{where} is unreachable: {what}.", FailureSource.Downstream, 502, error);
        }

        return error switch
        {
            RpcException { StatusCode: StatusCode.InvalidArgument } rpc =>
                new QueryFailure($"{where} rejected the request: {rpc.Status.Detail}. Check the filter.", FailureSource.Downstream, 400, error),
            RpcException { StatusCode: StatusCode.Unimplemented } rpc =>
                new QueryFailure($"{where} does not implement this call ({rpc.Status.Detail}); is the address a Hubble Relay?", FailureSource.Downstream, 502, error),
            RpcException { StatusCode: StatusCode.Unavailable } rpc =>
                new QueryFailure($"{where} is unreachable: {rpc.Status.Detail}{(inner == error ? string.Empty : $" ({inner.Message})")}.", FailureSource.Downstream, 502, error),
            RpcException { StatusCode: StatusCode.Unauthenticated or StatusCode.PermissionDenied } rpc =>
                new QueryFailure($"{where} refused the client: {rpc.Status.Detail}. Check the client certificate (secureJsonData.tlsClientCert/tlsClientKey).", FailureSource.Downstream, 502, error),
            RpcException rpc =>
                new QueryFailure($"{where} failed: {rpc.StatusCode}: {rpc.Status.Detail}", FailureSource.Downstream, 502, error),
            _ => new QueryFailure($"{where}: {error.Message}", FailureSource.Downstream, 502, error),
        };
    }

    private static T? Find<T>(Exception error)
        where T : Exception
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }

            if (e is RpcException { Status.DebugException: { } debug } && Find<T>(debug) is { } found)
            {
                return found;
            }
        }

        return null;
    }

    private static Exception Innermost(Exception error)
    {
        var e = error is RpcException { Status.DebugException: { } debug } ? debug : error;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }

        return e;
    }
}
