using Grpc.Core;
using NetObs.History.V1;

namespace NetObs.Hubble.FlowSources;

/// <summary>
/// Calls the aggregation service of the NetObs history server on the relay client's channel. Aggregations replace
/// GetFlows scans, so they get the flows timeout (none by default) rather than the unary request timeout; a failed call
/// tells the probe to look again before the next query, so a server that went away or came back is noticed at once.
/// </summary>
internal sealed class HistoryAggregationClient(
    Aggregation.AggregationClient client,
    string address,
    TimeSpan? timeout,
    Func<RpcException, string, TimeSpan?, CancellationToken, Exception> translate,
    Action failed) : IHistoryAggregations
{
    public string Address => address;

    public FlowPushdown Pushdown => FlowPushdown.BucketCounts | FlowPushdown.GroupCounts | FlowPushdown.ServiceMapEdges;

    public Task<TimeSeriesResponse> TimeSeriesAsync(TimeSeriesRequest request, CancellationToken cancellationToken) =>
        CallAsync("TimeSeries", options => client.TimeSeriesAsync(request, options), cancellationToken);

    public Task<TopGroupsResponse> TopGroupsAsync(TopGroupsRequest request, CancellationToken cancellationToken) =>
        CallAsync("TopGroups", options => client.TopGroupsAsync(request, options), cancellationToken);

    public Task<ServiceMapResponse> ServiceMapAsync(ServiceMapRequest request, CancellationToken cancellationToken) =>
        CallAsync("ServiceMap", options => client.ServiceMapAsync(request, options), cancellationToken);

    public Task<CoverageResponse> CoverageAsync(CoverageRequest request, CancellationToken cancellationToken) =>
        CallAsync("Coverage", options => client.CoverageAsync(request, options), cancellationToken);

    private async Task<T> CallAsync<T>(string method, Func<CallOptions, AsyncUnaryCall<T>> call, CancellationToken cancellationToken)
    {
        DateTime? deadline = timeout is { } bound ? DateTime.UtcNow + bound : null;
        try
        {
            using var pending = call(new CallOptions(deadline: deadline, cancellationToken: cancellationToken));
            return await pending.ResponseAsync.ConfigureAwait(false);
        }
        catch (RpcException e)
        {
            if (e.StatusCode != StatusCode.InvalidArgument)
            {
                failed();
            }

            throw translate(e, method, timeout, cancellationToken);
        }
    }
}
