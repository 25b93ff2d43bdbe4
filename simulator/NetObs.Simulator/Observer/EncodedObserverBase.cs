using Cilium.Observer;
using Grpc.Core;

namespace NetObs.Simulator.Observer;

/// <summary>
/// observer.Observer bound with <see cref="ObserverMethods"/>, whose GetFlows streams already-encoded
/// responses. grpc-dotnet resolves each handler as an override of the virtual method declared here.
/// </summary>
[BindServiceMethod(typeof(EncodedObserverBase), nameof(BindService))]
public abstract class EncodedObserverBase
{
    public static void BindService(ServiceBinderBase binder, EncodedObserverBase? service)
    {
        ArgumentNullException.ThrowIfNull(binder);
        binder.AddMethod(ObserverMethods.GetFlows, service is null ? null : service.GetFlows);
        binder.AddMethod(ObserverMethods.GetAgentEvents, service is null ? null : service.GetAgentEvents);
        binder.AddMethod(ObserverMethods.GetDebugEvents, service is null ? null : service.GetDebugEvents);
        binder.AddMethod(ObserverMethods.GetNodes, service is null ? null : service.GetNodes);
        binder.AddMethod(ObserverMethods.GetNamespaces, service is null ? null : service.GetNamespaces);
        binder.AddMethod(ObserverMethods.ServerStatus, service is null ? null : service.ServerStatus);
    }

    public virtual Task GetFlows(GetFlowsRequest request, IServerStreamWriter<byte[]> responseStream, ServerCallContext context) =>
        throw Unimplemented("GetFlows");

    public virtual Task GetAgentEvents(GetAgentEventsRequest request, IServerStreamWriter<GetAgentEventsResponse> responseStream, ServerCallContext context) =>
        throw Unimplemented("GetAgentEvents");

    public virtual Task GetDebugEvents(GetDebugEventsRequest request, IServerStreamWriter<GetDebugEventsResponse> responseStream, ServerCallContext context) =>
        throw Unimplemented("GetDebugEvents");

    public virtual Task<GetNodesResponse> GetNodes(GetNodesRequest request, ServerCallContext context) => throw Unimplemented("GetNodes");

    public virtual Task<GetNamespacesResponse> GetNamespaces(GetNamespacesRequest request, ServerCallContext context) => throw Unimplemented("GetNamespaces");

    public virtual Task<ServerStatusResponse> ServerStatus(ServerStatusRequest request, ServerCallContext context) => throw Unimplemented("ServerStatus");

    /// <summary>The relay's wording for RPCs it does not implement (hubble-api.md §1.1).</summary>
    protected static RpcException Unimplemented(string method) => new(new Status(StatusCode.Unimplemented, $"{method} not yet implemented"));
}
