using Grpc.Core;
using NetObs.History.Storage;
using NetObs.History.V1;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Aggregation;

/// <summary>
/// The netobs.history.v1.Aggregation gRPC service over a store's <see cref="IFlowAggregations"/>: translates messages
/// to the store's records and back, and invalid requests to InvalidArgument with a sentence the caller can act on.
/// </summary>
public sealed class AggregationService(IFlowAggregations store) : V1.Aggregation.AggregationBase
{
    private const int DefaultMaxGroups = 10_000;

    public override async Task<TimeSeriesResponse> TimeSeries(TimeSeriesRequest request, ServerCallContext context)
    {
        var query = new TimeSeriesQuery(Selection(request.Selection), [.. request.GroupBy], request.FirstStartNs, request.IntervalNs, request.BucketCount,
            request.Metric == Metric.Latency ? AggregationMetric.Latency : AggregationMetric.Count, [.. request.Quantiles], Bound(request.MaxSeries));
        var result = await Run(() => store.TimeSeriesAsync(query, context.CancellationToken)).ConfigureAwait(false);
        var response = new TimeSeriesResponse { Counted = result.Counted, Overflow = result.Overflow };
        response.BucketStartsNs.AddRange(result.BucketStartsNs);
        foreach (var series in result.Series)
        {
            var message = new Series { Total = series.Total };
            message.GroupValues.AddRange(series.GroupValues);
            message.Counts.AddRange(series.Counts);
            for (var q = 0; q < series.Quantiles.Count; q++)
            {
                var quantile = new QuantileSeries { Quantile = query.Quantiles[q] };
                quantile.Values.AddRange(series.Quantiles[q].Select(Optional));
                message.Quantiles.Add(quantile);
            }

            response.Series.Add(message);
        }

        return response;
    }

    public override async Task<TopGroupsResponse> TopGroups(TopGroupsRequest request, ServerCallContext context)
    {
        var query = new TopGroupsQuery(Selection(request.Selection), [.. request.GroupBy], request.K, request.WithLatency, [.. request.Quantiles], Bound(request.MaxGroups));
        var result = await Run(() => store.TopGroupsAsync(query, context.CancellationToken)).ConfigureAwait(false);
        var response = new TopGroupsResponse { Total = result.Total, Overflow = result.Overflow, GroupCount = result.GroupCount };
        foreach (var group in result.Groups)
        {
            var message = new V1.TopGroup { Count = group.Count, FirstSeenNs = group.FirstSeenNs, LastSeenNs = group.LastSeenNs };
            message.GroupValues.AddRange(group.GroupValues);
            message.Quantiles.AddRange(group.Quantiles.Select(Optional));
            response.Groups.Add(message);
        }

        return response;
    }

    public override async Task<ServiceMapResponse> ServiceMap(ServiceMapRequest request, ServerCallContext context)
    {
        var kind = request.NodeKind switch
        {
            NodeKind.Pod => ServiceMapNodeKind.Pod,
            NodeKind.Namespace => ServiceMapNodeKind.Namespace,
            NodeKind.Identity => ServiceMapNodeKind.Identity,
            _ => ServiceMapNodeKind.Workload,
        };
        var query = new ServiceMapQuery(Selection(request.Selection), kind, Bound(request.MaxEdges), [.. request.Quantiles]);
        var result = await Run(() => store.ServiceMapAsync(query, context.CancellationToken)).ConfigureAwait(false);
        var response = new ServiceMapResponse { Overflow = result.Overflow };
        response.Nodes.AddRange(result.Nodes.Select(n => new V1.ServiceMapNode
        {
            Id = n.Id,
            Title = n.Title,
            Subtitle = n.Subtitle,
            Kind = n.Kind,
            Flows = n.Flows,
            Dropped = n.Dropped,
            L7Errors = n.L7Errors,
        }));
        foreach (var edge in result.Edges)
        {
            var message = new V1.ServiceMapEdge
            {
                SourceId = edge.SourceId,
                TargetId = edge.TargetId,
                Flows = edge.Flows,
                Dropped = edge.Dropped,
                L7Errors = edge.L7Errors,
            };
            message.LatencyQuantiles.AddRange(edge.Quantiles.Select(Optional));
            message.Ports.AddRange(edge.Ports);
            message.Protocols.AddRange(edge.Protocols);
            message.DropReasons.AddRange(edge.DropReasons);
            message.DeniedBy.AddRange(edge.DeniedBy);
            response.Edges.Add(message);
        }

        return response;
    }

    public override async Task<CoverageResponse> Coverage(CoverageRequest request, ServerCallContext context)
    {
        var query = new CoverageQuery(request.SinceNs, request.UntilNs == 0 ? long.MaxValue : request.UntilNs, [.. request.Clusters]);
        var result = await Run(() => store.CoverageAsync(query, context.CancellationToken)).ConfigureAwait(false);
        var response = new CoverageResponse();
        response.Ranges.AddRange(result.Ranges.Select(r => new V1.StoredRange { Cluster = r.Cluster, Node = r.Node, OldestNs = r.OldestNs, NewestNs = r.NewestNs, FlowCount = r.FlowCount }));
        response.Gaps.AddRange(result.Gaps.Select(g => new Gap
        {
            Cluster = g.Cluster,
            Node = g.Node,
            FromNs = g.FromNs,
            UntilNs = g.UntilNs,
            Count = g.Count,
            Reason = (GapReason)(int)g.Reason,
            Detail = g.Detail,
        }));
        response.LostEvents.AddRange(result.LostEvents.Select(l => new LostEvents { Cluster = l.Cluster, Count = l.Count }));
        return response;
    }

    private static FlowReadRequest Selection(FlowSelection? selection) => selection is null
        ? new FlowReadRequest()
        : new FlowReadRequest
        {
            SinceNs = selection.SinceNs,
            UntilNs = selection.UntilNs == 0 ? long.MaxValue : selection.UntilNs,
            Allow = [.. selection.Whitelist],
            Deny = [.. selection.Blacklist],
            Clusters = [.. selection.Clusters],
        };

    private static int Bound(int requested) => requested > 0 ? requested : DefaultMaxGroups;

    private static OptionalDouble Optional(double? value) => value is { } v ? new OptionalDouble { HasValue = true, Value = v } : new OptionalDouble();

    private static async Task<T> Run<T>(Func<Task<T>> aggregate)
    {
        try
        {
            return await aggregate().ConfigureAwait(false);
        }
        catch (InvalidFlowFilterException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (AggregationQueryException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (FlowStoreException e)
        {
            throw new RpcException(new Status(StatusCode.Unavailable, e.Message));
        }
    }
}
