using Grpc.Core;
using NetObs.Query.Results;
using NetObs.Query.Settings;

namespace NetObs.Query.Queries;

/// <summary>Turns relay errors into <see cref="QueryFailure"/>s whose message names the relay, the cause and the fix.</summary>
public static class RelayFailures
{
    public static QueryFailure Describe(Exception error, DataSourceSettings settings)
    {
        var where = $"Hubble Relay at {settings.Address}";
        return error switch
        {
            RpcException { StatusCode: StatusCode.InvalidArgument } rpc =>
                new QueryFailure($"{where} rejected the request: {rpc.Status.Detail}. Check the filter.", FailureSource.Downstream, 400, error),
            RpcException { StatusCode: StatusCode.DeadlineExceeded } =>
                new QueryFailure($"{where} did not answer within {settings.Timeout.TotalSeconds:0.#} s (jsonData.timeout); narrow the range or raise the timeout.", FailureSource.Downstream, 504, error),
            RpcException { StatusCode: StatusCode.Unavailable } rpc =>
                new QueryFailure($"{where} is unreachable: {rpc.Status.Detail}. Check url and that the relay is running.", FailureSource.Downstream, 502, error),
            RpcException rpc =>
                new QueryFailure($"{where} failed: {rpc.StatusCode}: {rpc.Status.Detail}", FailureSource.Downstream, 502, error),
            _ => new QueryFailure($"{where}: {error.Message}", FailureSource.Downstream, 502, error),
        };
    }
}
