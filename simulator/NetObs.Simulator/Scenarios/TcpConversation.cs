using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// One TCP connection between a client and a server. Each packet is traced where Hubble sees it:
/// leaving the sender's pod (to-stack) and entering the receiver's pod (to-endpoint). Replies keep
/// the connection's direction, as Hubble reports traffic_direction for reply packets.
/// </summary>
public sealed class TcpConversation
{
    private readonly IP _forward;
    private readonly IP _backward;

    public TcpConversation(Peer client, Peer server, int clientPort, int serverPort)
    {
        Client = client;
        Server = server;
        ClientPort = clientPort;
        ServerPort = serverPort;
        _forward = FlowFactory.Ip(client.Ip, server.Ip);
        _backward = FlowFactory.Ip(server.Ip, client.Ip);
    }

    public Peer Client { get; }

    public Peer Server { get; }

    public int ClientPort { get; }

    public int ServerPort { get; }

    public IReadOnlyList<Policy> EgressAllowedBy { get; init; } = [];

    public IReadOnlyList<Policy> IngressAllowedBy { get; init; } = [];

    /// <summary>Sends one packet; returns the delay after which it has arrived.</summary>
    public long Send(EpisodeContext context, long delayNanos, bool fromClient, TcpFlagSet flags)
    {
        var (source, destination, ip) = fromClient ? (Client, Server, _forward) : (Server, Client, _backward);
        var l4 = fromClient
            ? context.Flows.Tcp(ClientPort, ServerPort, flags)
            : context.Flows.Tcp(ServerPort, ClientPort, flags);
        var summary = context.Flows.TcpSummary(flags);
        var reason = !fromClient ? TraceReason.Reply : flags == TcpFlagSet.Syn ? TraceReason.New : TraceReason.Established;
        var isReply = !fromClient;
        var transit = context.Random.LogUniform(40_000, source.Node == destination.Node ? 120_000 : 900_000);

        if (source.IsPod && source.Node is not null)
        {
            var flow = context.Flows.Trace(source, destination, ip, l4, summary, source.Node,
                TraceObservationPoint.ToStack, fromClient ? TrafficDirection.Egress : TrafficDirection.Ingress, isReply, reason);
            if (fromClient)
            {
                flow.EgressAllowedBy.AddRange(EgressAllowedBy);
            }

            context.Emit(delayNanos, source.Node, flow);
        }

        if (destination.IsPod && destination.Node is not null)
        {
            var flow = context.Flows.Trace(source, destination, ip, l4, summary, destination.Node,
                TraceObservationPoint.ToEndpoint, fromClient ? TrafficDirection.Ingress : TrafficDirection.Egress, isReply, reason);
            if (fromClient)
            {
                flow.IngressAllowedBy.AddRange(IngressAllowedBy);
            }

            context.Emit(delayNanos + transit, destination.Node, flow);
        }

        return delayNanos + transit;
    }

    /// <summary>A client packet dropped on its way: at the receiver's ingress, or at the sender's egress.</summary>
    public void Drop(EpisodeContext context, long delayNanos, TcpFlagSet flags, DropReason reason, bool atIngress,
        IReadOnlyList<Policy>? deniedBy = null)
    {
        var l4 = context.Flows.Tcp(ClientPort, ServerPort, flags);
        var summary = context.Flows.TcpSummary(flags);
        if (atIngress && Server.Node is not null)
        {
            if (Client.IsPod && Client.Node is not null)
            {
                context.Emit(delayNanos, Client.Node, context.Flows.Trace(Client, Server, _forward, l4, summary, Client.Node,
                    TraceObservationPoint.ToStack, TrafficDirection.Egress, false, flags == TcpFlagSet.Syn ? TraceReason.New : TraceReason.Established));
            }

            var drop = context.Flows.Drop(Client, Server, _forward, l4, summary, Server.Node, reason, TrafficDirection.Ingress);
            if (deniedBy is not null)
            {
                drop.IngressDeniedBy.AddRange(deniedBy);
            }

            context.Emit(delayNanos + context.Random.LogUniform(40_000, 600_000), Server.Node, drop);
        }
        else if (Client.Node is not null)
        {
            var drop = context.Flows.Drop(Client, Server, _forward, l4, summary, Client.Node, reason, TrafficDirection.Egress);
            if (deniedBy is not null)
            {
                drop.EgressDeniedBy.AddRange(deniedBy);
            }

            context.Emit(delayNanos, Client.Node, drop);
        }
    }

    /// <summary>Handshake, a request and a response, then an orderly close; returns when it ended.</summary>
    public long FullExchange(EpisodeContext context, long delayNanos, long serverTimeNanos)
    {
        var t = Send(context, delayNanos, true, TcpFlagSet.Syn);
        t = Send(context, t, false, TcpFlagSet.SynAck);
        t = Send(context, t, true, TcpFlagSet.Ack);
        t = Send(context, t, true, TcpFlagSet.PshAck);
        t = Send(context, t + serverTimeNanos, false, TcpFlagSet.PshAck);
        t = Send(context, t, true, TcpFlagSet.FinAck);
        return Send(context, t, false, TcpFlagSet.FinAck);
    }
}
