using Cilium.Observer;
using Cilium.Relay;
using NetObs.Hubble.FlowSources;

namespace NetObs.Query.Scanning;

/// <summary>
/// Runs relay GetFlows streams and shares each among every query that asks for the same
/// (filters, range, number) within a short gathering window: panels of one dashboard arrive as
/// separate concurrent requests, and one stream feeding all their aggregators costs the relay once.
/// Flows are handed to the sinks as they arrive and never stored here. The window runs on <c>time</c>, so tests can
/// gather joiners on a fake clock instead of a real delay.
/// </summary>
public sealed class SharedFlowFetcher(IFlowSource source, TimeSpan gatherWindow, TimeProvider time)
{
    private readonly Dictionary<string, SharedScan> _gathering = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Streams the flows of <paramref name="fetch"/> into <paramref name="sink"/>, possibly together with other callers.</summary>
    public async Task<FlowScanStats> ScanAsync(FlowFetch fetch, IFlowSink sink, CancellationToken cancellationToken)
    {
        SharedScan scan;
        Subscription subscription;
        var start = false;
        lock (_lock)
        {
            if (!_gathering.TryGetValue(fetch.ShareKey, out scan!))
            {
                scan = new SharedScan(fetch);
                _gathering[fetch.ShareKey] = scan;
                start = true;
            }

            subscription = scan.Join(sink, fetch.MaskPaths);
        }

        if (start)
        {
            _ = RunAsync(scan);
        }

        try
        {
            return await scan.Completion.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Not a token registration: WaitAsync's own one runs first and may resume this method inline, disposing
            // such a registration before its callback ran, and the relay stream would then run on for nobody.
            scan.Leave(subscription);
            throw;
        }
    }

    private async Task RunAsync(SharedScan scan)
    {
        try
        {
            if (gatherWindow > TimeSpan.Zero)
            {
                await Task.Delay(gatherWindow, time, scan.Cancellation.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
        }

        Subscription[] subscribers;
        lock (_lock)
        {
            _gathering.Remove(scan.Fetch.ShareKey);
            subscribers = scan.Close();
        }

        if (scan.Cancellation.IsCancellationRequested)
        {
            scan.Fail(new OperationCanceledException(scan.Cancellation.Token));
            return;
        }

        try
        {
            var stats = await StreamAsync(scan, subscribers).ConfigureAwait(false);
            scan.Complete(stats);
        }
        catch (Exception e)
        {
            scan.Fail(e);
        }
        finally
        {
            scan.Cancellation.Dispose();
        }
    }

    private async Task<FlowScanStats> StreamAsync(SharedScan scan, Subscription[] subscribers)
    {
        var request = scan.Fetch.ToRequest(scan.MergedMask);
        long flows = 0;
        long oldest = long.MaxValue;
        long newest = long.MinValue;
        ulong lost = 0;
        var perNode = new Dictionary<string, long>(StringComparer.Ordinal);
        var problems = new List<string>();
        string? lastNode = null;
        long lastNodeCount = 0;

        await foreach (var response in source.GetFlowsAsync(request, scan.Cancellation.Token).ConfigureAwait(false))
        {
            switch (response.ResponseTypesCase)
            {
                case GetFlowsResponse.ResponseTypesOneofCase.Flow:
                    var flow = response.Flow;
                    var time = flow.Time ?? response.Time;
                    var ns = time is null ? 0 : (time.Seconds * 1_000_000_000L) + time.Nanos;
                    var node = flow.NodeName.Length > 0 ? flow.NodeName : response.NodeName;
                    flows++;
                    oldest = Math.Min(oldest, ns);
                    newest = Math.Max(newest, ns);

                    // Flows arrive in runs per node; counting the run avoids a dictionary hit per flow.
                    if (!ReferenceEquals(node, lastNode) && node != lastNode)
                    {
                        Flush(perNode, lastNode, lastNodeCount);
                        (lastNode, lastNodeCount) = (node, 0);
                    }

                    lastNodeCount++;
                    foreach (var subscriber in subscribers)
                    {
                        if (subscriber.Active)
                        {
                            subscriber.Sink.Add(flow, ns, node);
                        }
                    }

                    break;
                case GetFlowsResponse.ResponseTypesOneofCase.NodeStatus:
                    var status = response.NodeStatus;
                    if (status.StateChange is NodeState.NodeUnavailable or NodeState.NodeError && problems.Count < 20)
                    {
                        var what = status.StateChange == NodeState.NodeUnavailable ? "unavailable" : "reported an error";
                        var message = string.IsNullOrEmpty(status.Message) ? string.Empty : $": {status.Message}";
                        problems.Add($"node(s) {string.Join(", ", status.NodeNames)} {what}{message}");
                    }

                    break;
                case GetFlowsResponse.ResponseTypesOneofCase.LostEvents:
                    lost += response.LostEvents.NumEventsLost;
                    break;
                default:
                    break;
            }
        }

        Flush(perNode, lastNode, lastNodeCount);
        return new FlowScanStats(flows, flows == 0 ? 0 : oldest, flows == 0 ? 0 : newest, perNode, problems, lost);
    }

    private static void Flush(Dictionary<string, long> perNode, string? node, long count)
    {
        if (node is not null && count > 0)
        {
            perNode[node] = perNode.GetValueOrDefault(node) + count;
        }
    }

    /// <summary>One subscriber of a shared scan; inactive once its caller cancelled.</summary>
    private sealed class Subscription(IFlowSink sink)
    {
        public IFlowSink Sink { get; } = sink;

        public volatile bool Active = true;
    }

    private sealed class SharedScan(FlowFetch fetch)
    {
        private readonly List<Subscription> _subscribers = [];
        private readonly TaskCompletionSource<FlowScanStats> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private HashSet<string>? _mask = [];

        public FlowFetch Fetch { get; } = fetch;

        public CancellationTokenSource Cancellation { get; } = new();

        public Task<FlowScanStats> Completion => _completion.Task;

        public IReadOnlySet<string>? MergedMask => _mask;

        public Subscription Join(IFlowSink sink, IReadOnlySet<string>? mask)
        {
            var subscription = new Subscription(sink);
            lock (_subscribers)
            {
                _subscribers.Add(subscription);
            }

            // A subscriber that needs whole flows makes the whole scan unmasked.
            if (mask is null)
            {
                _mask = null;
            }
            else
            {
                _mask?.UnionWith(mask);
            }

            return subscription;
        }

        public void Leave(Subscription subscription)
        {
            subscription.Active = false;
            lock (_subscribers)
            {
                if (_subscribers.TrueForAll(s => !s.Active))
                {
                    try
                    {
                        Cancellation.Cancel();
                    }
                    catch (ObjectDisposedException)
                    {
                    }
                }
            }
        }

        public Subscription[] Close()
        {
            lock (_subscribers)
            {
                return [.. _subscribers];
            }
        }

        public void Complete(FlowScanStats stats) => _completion.TrySetResult(stats);

        public void Fail(Exception error) => _completion.TrySetException(error);
    }
}
