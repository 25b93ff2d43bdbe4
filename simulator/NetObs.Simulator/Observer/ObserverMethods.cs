using Cilium.Observer;
using Google.Protobuf;
using Grpc.Core;

namespace NetObs.Simulator.Observer;

/// <summary>
/// The observer.Observer methods, bound by hand so that GetFlows can send responses that are already
/// encoded: a stored flow is serialized once and its bytes reused by every reader, which is what keeps
/// streaming cheap. On the wire nothing differs from the generated stubs.
/// </summary>
public static class ObserverMethods
{
    private const string Service = "observer.Observer";

    public static Method<GetFlowsRequest, byte[]> GetFlows { get; } =
        new(MethodType.ServerStreaming, Service, "GetFlows", Proto(GetFlowsRequest.Parser), Marshallers.Create(static bytes => bytes, static bytes => bytes));

    public static Method<GetAgentEventsRequest, GetAgentEventsResponse> GetAgentEvents { get; } =
        new(MethodType.ServerStreaming, Service, "GetAgentEvents", Proto(GetAgentEventsRequest.Parser), Proto(GetAgentEventsResponse.Parser));

    public static Method<GetDebugEventsRequest, GetDebugEventsResponse> GetDebugEvents { get; } =
        new(MethodType.ServerStreaming, Service, "GetDebugEvents", Proto(GetDebugEventsRequest.Parser), Proto(GetDebugEventsResponse.Parser));

    public static Method<GetNodesRequest, GetNodesResponse> GetNodes { get; } =
        new(MethodType.Unary, Service, "GetNodes", Proto(GetNodesRequest.Parser), Proto(GetNodesResponse.Parser));

    public static Method<GetNamespacesRequest, GetNamespacesResponse> GetNamespaces { get; } =
        new(MethodType.Unary, Service, "GetNamespaces", Proto(GetNamespacesRequest.Parser), Proto(GetNamespacesResponse.Parser));

    public static Method<ServerStatusRequest, ServerStatusResponse> ServerStatus { get; } =
        new(MethodType.Unary, Service, "ServerStatus", Proto(ServerStatusRequest.Parser), Proto(ServerStatusResponse.Parser));

    private static Marshaller<T> Proto<T>(MessageParser<T> parser)
        where T : IMessage<T> =>
        new(
            static (message, context) =>
            {
                context.SetPayloadLength(message.CalculateSize());
                message.WriteTo(context.GetBufferWriter());
                context.Complete();
            },
            context => parser.ParseFrom(context.PayloadAsReadOnlySequence()));
}
