using Cilium.Observer;
using Cilium.Relay;
using Grpc.Core;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Tests.Evaluation;

namespace NetObs.Hubble.Tests.Relay;

/// <summary>A minimal Observer service for client tests: four sample flows, filtered by the evaluator.</summary>
internal sealed class TestObserver(TestObserverSettings settings) : Observer.ObserverBase
{
    public override async Task GetFlows(GetFlowsRequest request, IServerStreamWriter<GetFlowsResponse> responseStream, ServerCallContext context)
    {
        settings.LastFlowsRequest = request;
        FlowFilterEvaluator evaluator;
        try
        {
            evaluator = FlowFilterEvaluator.Compile(request);
        }
        catch (InvalidFlowFilterException e)
        {
            throw new RpcException(new Status(StatusCode.InvalidArgument, e.Message));
        }

        await responseStream.WriteAsync(new GetFlowsResponse
        {
            NodeStatus = new NodeStatusEvent { StateChange = NodeState.NodeConnected, NodeNames = { "node-a" } },
        });
        await Task.Delay(settings.FlowsDelay, context.CancellationToken);
        foreach (var flow in new[] { SampleFlows.HttpResponse(), SampleFlows.PolicyDrop(), SampleFlows.DnsRequest(), SampleFlows.ToWorld() })
        {
            if (evaluator.Matches(flow))
            {
                await responseStream.WriteAsync(new GetFlowsResponse { Flow = flow, NodeName = "node-a" });
            }
        }

        while (request.Follow && !context.CancellationToken.IsCancellationRequested)
        {
            settings.FollowCancelled = false;
            try
            {
                await Task.Delay(50, context.CancellationToken);
                await responseStream.WriteAsync(new GetFlowsResponse { Flow = SampleFlows.HttpResponse(), NodeName = "node-a" });
            }
            catch (OperationCanceledException)
            {
                settings.FollowCancelled = true;
            }
        }
    }

    public override async Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context)
    {
        await Task.Delay(settings.UnaryDelay, context.CancellationToken);
        return new ServerStatusResponse { NumFlows = 4, MaxFlows = 4095, SeenFlows = 4, NumConnectedNodes = 1, Version = "test" };
    }

    public override Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context) =>
        settings.NodesUnimplemented
            ? throw new RpcException(new Status(StatusCode.Unimplemented, "GetNodes not implemented"))
            : Task.FromResult(new GetNodesResponse { Nodes = { new Node { Name = "node-a", State = NodeState.NodeConnected, MaxFlows = 4095 } } });

    public override Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context) =>
        Task.FromResult(new GetNamespacesResponse { Namespaces = { new Cilium.Observer.Namespace { Namespace_ = "pets" } } });
}

/// <summary>Knobs the tests turn on the test observer.</summary>
internal sealed class TestObserverSettings
{
    public TimeSpan UnaryDelay { get; set; } = TimeSpan.Zero;

    public bool NodesUnimplemented { get; set; }

    /// <summary>How long GetFlows waits between the node status and the flows.</summary>
    public TimeSpan FlowsDelay { get; set; } = TimeSpan.Zero;

    public GetFlowsRequest? LastFlowsRequest { get; set; }

    public volatile bool FollowCancelled;
}
