using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>A UDP exchange (DNS above all), traced where each datagram leaves and enters a pod.</summary>
public sealed class UdpConversation(Peer client, Peer server, int clientPort, int serverPort)
{
    private readonly IP _forward = FlowFactory.Ip(client.Ip, server.Ip);
    private readonly IP _backward = FlowFactory.Ip(server.Ip, client.Ip);

    public Peer Client { get; } = client;

    public Peer Server { get; } = server;

    public IP Forward => _forward;

    public IP Backward => _backward;

    public Layer4 ForwardL4(FlowFactory flows) => flows.Udp(clientPort, serverPort);

    public Layer4 BackwardL4(FlowFactory flows) => flows.Udp(serverPort, clientPort);

    public void Send(EpisodeContext context, long delayNanos, bool fromClient)
    {
        var (source, destination, ip) = fromClient ? (Client, Server, _forward) : (Server, Client, _backward);
        var l4 = fromClient ? ForwardL4(context.Flows) : BackwardL4(context.Flows);
        var reason = fromClient ? TraceReason.New : TraceReason.Reply;
        if (source.IsPod && source.Node is not null)
        {
            context.Emit(delayNanos, source.Node, context.Flows.Trace(source, destination, ip, l4, "UDP", source.Node,
                TraceObservationPoint.ToStack, fromClient ? TrafficDirection.Egress : TrafficDirection.Ingress, !fromClient, reason));
        }

        if (destination.IsPod && destination.Node is not null)
        {
            context.Emit(delayNanos + context.Random.LogUniform(40_000, 500_000), destination.Node, context.Flows.Trace(source, destination, ip, l4, "UDP",
                destination.Node, TraceObservationPoint.ToEndpoint, fromClient ? TrafficDirection.Ingress : TrafficDirection.Egress, !fromClient, reason));
        }
    }
}
