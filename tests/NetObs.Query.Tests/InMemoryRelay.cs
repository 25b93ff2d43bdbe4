using System.Runtime.CompilerServices;
using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.FlowSources;

namespace NetObs.Query.Tests;

/// <summary>A relay over a fixed list of flows that applies since/until and the allow/deny lists as Hubble does, and counts its GetFlows calls.</summary>
internal sealed class InMemoryRelay(IReadOnlyList<Flow> flows) : IFlowSource
{
    private int _getFlowsCalls;

    public int GetFlowsCalls => _getFlowsCalls;

    public List<GetFlowsRequest> Requests { get; } = [];

    public async IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _getFlowsCalls);
        lock (Requests)
        {
            Requests.Add(request);
        }

        var evaluator = FlowFilterEvaluator.Compile([.. request.Whitelist], [.. request.Blacklist]);
        await Task.Yield();
        foreach (var flow in flows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (request.Since is { } since && flow.Time < since)
            {
                continue;
            }

            if (request.Until is { } until && flow.Time > until)
            {
                continue;
            }

            if (evaluator.Matches(flow))
            {
                yield return new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time };
            }
        }
    }

    public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ServerStatusResponse { NumFlows = (ulong)flows.Count, MaxFlows = 4095, Version = "in-memory" });

    /// <summary>One connected node per node name of the flows, holding that node's flows.</summary>
    public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken)
    {
        var response = new GetNodesResponse();
        foreach (var node in flows.GroupBy(f => f.NodeName).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            response.Nodes.Add(new Node { Name = node.Key, State = Cilium.Relay.NodeState.NodeConnected, Version = "in-memory", NumFlows = (ulong)node.Count(), MaxFlows = 4095 });
        }

        return Task.FromResult(response);
    }

    public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNamespacesResponse());

    public static Timestamp At(DateTimeOffset time) => Timestamp.FromDateTimeOffset(time);
}
