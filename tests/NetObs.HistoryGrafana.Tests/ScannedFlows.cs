using System.Runtime.CompilerServices;
using Cilium.Flow;
using Cilium.Observer;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.FlowSources;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The in-memory path's flow source: a relay without a buffer limit over the same flows the history server stores,
/// applying since/until and the allow/deny lists with the shared evaluator, so the plugin scans and aggregates itself.
/// </summary>
internal sealed class ScannedFlows(IReadOnlyList<Flow> flows) : IFlowSource
{
    public async IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var evaluator = FlowFilterEvaluator.Compile([.. request.Whitelist], [.. request.Blacklist]);
        await Task.Yield();
        foreach (var flow in flows)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if ((request.Since is { } since && flow.Time < since) || (request.Until is { } until && flow.Time > until) || !evaluator.Matches(flow))
            {
                continue;
            }

            yield return new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time };
        }
    }

    public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new ServerStatusResponse { NumFlows = (ulong)flows.Count, MaxFlows = (ulong)flows.Count, Version = "scan" });

    public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNodesResponse());

    public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNamespacesResponse());
}
