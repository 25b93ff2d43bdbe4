using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using NetObs.History.Storage;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Observer;

/// <summary>
/// Hubble's observer.Observer over the store, so the data source, the hubble CLI and Hubble UI read history
/// as they read a relay: GetFlows with since/until/number/first/filters/field_mask, and with follow the stored
/// flows followed by the live ones; ServerStatus, GetNodes and GetNamespaces from what is stored.
/// </summary>
public sealed class ObserverService(HistorySources sources) : Cilium.Observer.Observer.ObserverBase
{
    /// <summary>Version sent in ServerStatus and the response header, so clients can tell history from a relay.</summary>
    public const string Version = "netobs-history/1";

    public override async Task GetFlows(GetFlowsRequest request, IServerStreamWriter<GetFlowsResponse> responseStream, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(responseStream);
        ArgumentNullException.ThrowIfNull(context);
        if (request.First && request.Follow)
        {
            // Hubble's own wording (hubble-api.md §5.3).
            throw new RpcException(new Status(StatusCode.InvalidArgument, "first cannot be specified with follow"));
        }

        FlowFilterEvaluator evaluator;
        FlowFieldMaskApplier? mask;
        try
        {
            evaluator = FlowFilterEvaluator.Compile(request.Whitelist, request.Blacklist);
            mask = FlowFieldMaskApplier.From(request);
        }
        catch (Exception e) when (e is InvalidFlowFilterException or ArgumentException)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }

        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var window = new FlowWindow(request);
        var writer = new FlowResponseWriter(responseStream, mask);
        var cancellation = context.CancellationToken;
        await writer.WriteNodeStatusAsync(ConnectedNodes(), Now()).ConfigureAwait(false);
        try
        {
            if (!request.Follow)
            {
                await StoredFlowsAsync(request, window, writer, handOver: null, cancellation).ConfigureAwait(false);
                return;
            }

            using var subscription = sources.Feed.Subscribe();
            var handOver = new FeedHandOver(subscription.StoredUpTo);
            if (request.Since is not null || request.Number > 0)
            {
                if (!await StoredFlowsAsync(request, window, writer, handOver, cancellation).ConfigureAwait(false))
                {
                    return;
                }
            }

            await new LiveFlowStream(subscription, evaluator, handOver, window, writer, sources.Clock).RunAsync(cancellation).ConfigureAwait(false);
        }
        catch (InvalidFlowFilterException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }
        catch (OperationCanceledException) when (cancellation.IsCancellationRequested)
        {
            // The client went away.
        }
    }

    public override async Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var summary = await sources.Store.SummarizeAsync(context.CancellationToken).ConfigureAwait(false);
        await context.WriteResponseHeadersAsync(TimeRangeHeaders(summary)).ConfigureAwait(false);
        var relays = sources.Followers.Select(f => f.State).ToList();
        var unavailable = relays.Where(r => !r.Connected).Select(r => $"{r.Cluster}={r.Address}").ToList();
        var response = new ServerStatusResponse
        {
            NumFlows = (ulong)summary.FlowCount,

            // A store has no ring to fill: capacity is what it holds, so clients that show num/max see 100 %.
            MaxFlows = (ulong)summary.FlowCount,
            SeenFlows = (ulong)summary.FlowCount,

            // Hubble has no "oldest flow" field; uptime is how far back a relay's flows can reach, so history reports the span it holds.
            UptimeNs = summary.OldestNs > 0 ? (ulong)Math.Max(0, NowNs() - summary.OldestNs) : (ulong)(Now() - sources.StartedAt).Ticks * 100,
            NumConnectedNodes = (uint)relays.Count(r => r.Connected),
            NumUnavailableNodes = (uint)unavailable.Count,
            Version = Version,
            FlowsRate = sources.Writer.RecentRate(),
        };

        // The relay lists at most 10 unavailable nodes (hubble-api.md §1.2).
        response.UnavailableNodes.AddRange(unavailable.Take(10));
        return response;
    }

    public override async Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var summary = await sources.Store.SummarizeAsync(context.CancellationToken).ConfigureAwait(false);
        var relays = sources.Followers.Select(f => f.State).ToDictionary(r => r.Cluster, StringComparer.Ordinal);
        var response = new GetNodesResponse();
        foreach (var node in summary.Nodes.OrderBy(n => n.Cluster, StringComparer.Ordinal).ThenBy(n => n.Node, StringComparer.Ordinal))
        {
            var relay = relays.GetValueOrDefault(node.Cluster);
            response.Nodes.Add(new Node
            {
                Name = node.Node,
                Version = Version,
                Address = relay?.Address ?? "",

                // Nodes of a cluster with no relay (imported files) are history only: gone, not failing.
                State = relay is null ? NodeState.NodeGone
                    : relay.Connected && relay.Nodes.Contains(node.Node) ? NodeState.NodeConnected
                    : NodeState.NodeUnavailable,
                UptimeNs = (ulong)Math.Max(0, node.NewestNs - node.OldestNs),
                NumFlows = (ulong)node.FlowCount,
                MaxFlows = (ulong)node.FlowCount,
                SeenFlows = (ulong)node.FlowCount,
            });
        }

        return response;
    }

    public override async Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        await context.WriteResponseHeadersAsync(VersionHeader()).ConfigureAwait(false);
        var summary = await sources.Store.SummarizeAsync(context.CancellationToken).ConfigureAwait(false);
        var response = new GetNamespacesResponse();

        // Hubble sorts by cluster, then namespace; history answers for everything it holds, not only the last hour.
        foreach (var ns in summary.Namespaces
                     .Where(n => n.Namespace.Length > 0)
                     .Distinct()
                     .OrderBy(n => n.Cluster, StringComparer.Ordinal)
                     .ThenBy(n => n.Namespace, StringComparer.Ordinal))
        {
            response.Namespaces.Add(new Namespace { Cluster = ns.Cluster, Namespace_ = ns.Namespace });
        }

        return response;
    }

    /// <summary>
    /// Streams stored flows for the request; with a hand-over only those the store held when the live
    /// subscription began. Returns false when the request's <c>until</c> was reached (the stream is complete).
    /// </summary>
    private async Task<bool> StoredFlowsAsync(GetFlowsRequest request, FlowWindow window, FlowResponseWriter writer, FeedHandOver? handOver,
        CancellationToken cancellation)
    {
        var newestFirst = request.Number > 0 && !request.First && request.Since is null;
        var read = new FlowReadRequest
        {
            SinceNs = window.SinceNs,
            UntilNs = window.UntilNs,
            Allow = request.Whitelist,
            Deny = request.Blacklist,
            Limit = request.Number > int.MaxValue ? int.MaxValue : (int)request.Number,

            // As through Hubble Relay, which forwards number to every node: N per node, merged in time order.
            LimitPerNode = true,
            Order = newestFirst ? FlowReadOrder.NewestFirst : FlowReadOrder.OldestFirst,
        };

        var flows = sources.Store.ReadAsync(read, cancellation);
        if (newestFirst)
        {
            // "The last N" of each node: read newest first (descending over all nodes), send oldest first as Hubble does.
            var newest = new List<StoredFlow>();
            await foreach (var flow in flows.ConfigureAwait(false))
            {
                newest.Add(flow);
            }

            newest.Reverse();
            flows = newest.ToAsyncEnumerable();
        }

        await foreach (var flow in flows.ConfigureAwait(false))
        {
            if (handOver is not null && !handOver.TakeFromStore(flow))
            {
                continue;
            }

            await writer.WriteFlowAsync(flow).ConfigureAwait(false);
        }

        await writer.FlushAsync().ConfigureAwait(false);
        return window.UntilNs == long.MaxValue || window.UntilNs >= NowNs();
    }

    private IReadOnlyList<string> ConnectedNodes() =>
        sources.Followers.Select(f => f.State).Where(s => s.Connected).SelectMany(s => s.Nodes).Distinct(StringComparer.Ordinal).ToList();

    private static Metadata VersionHeader() => new() { { "netobs-history-version", Version } };

    private static Metadata TimeRangeHeaders(StoreSummary summary)
    {
        var headers = VersionHeader();
        if (summary.FlowCount > 0)
        {
            headers.Add("netobs-history-oldest", FormatNanos(summary.OldestNs));
            headers.Add("netobs-history-newest", FormatNanos(summary.NewestNs));
        }

        return headers;
    }

    private static string FormatNanos(long nanos) =>
        DateTimeOffset.UnixEpoch.AddTicks(nanos / 100).ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", System.Globalization.CultureInfo.InvariantCulture);

    private DateTimeOffset Now() => sources.Clock.GetUtcNow();

    private long NowNs() => (Now() - DateTimeOffset.UnixEpoch).Ticks * 100;
}
