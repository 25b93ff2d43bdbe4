using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// Healthy everyday traffic across namespaces and nodes: Prometheus scrapes, internet clients through
/// ingress-nginx, kubelet probes from the host identity, calls to the kube-apiserver, egress to the
/// world, Grafana querying Prometheus and cilium-health pings between nodes.
/// </summary>
public sealed class BackgroundScenario(ClusterModel cluster) : IScenario
{
    private static readonly string[] InternetClients = ["20.81.111.85", "52.167.144.33", "104.44.91.12", "40.76.4.15", "13.107.42.14"];

    private readonly SimulatedPod _prometheus = cluster.Pod("monitoring", "prometheus");
    private readonly SimulatedPod _grafana = cluster.Pod("monitoring", "grafana");
    private readonly IReadOnlyList<SimulatedPod> _ingress = cluster.PodsOf("ingress-nginx", "ingress-nginx-controller");

    public string Name => "background";

    public double Weight => 40;

    public void Run(EpisodeContext context)
    {
        var random = context.Random;
        var roll = random.NextDouble();
        switch (roll)
        {
            case < 0.28:
                {
                    var target = random.Pick(cluster.AllPods);
                    var scrape = new TcpConversation(Peer.Of(_prometheus), Peer.Of(target), random.Next(32768, 60999), target.Namespace == "kube-system" ? 10250 : 9090);
                    Request(context, scrape, random.LogUniform(500_000, 20_000_000));
                    break;
                }

            case < 0.48:
                {
                    var internet = new Peer { Endpoint = cluster.World, Ip = random.Pick(InternetClients) };
                    var controller = random.Pick(_ingress);
                    var front = new TcpConversation(internet, Peer.Of(controller, cluster.Service("ingress-nginx", "ingress-nginx-controller")),
                        random.Next(1024, 65000), 443);
                    var backendPod = random.Chance(0.5)
                        ? random.Pick(cluster.PodsOf("pets", "store-front"))
                        : random.Pick(cluster.PodsOf("shop", "frontend"));
                    var back = new TcpConversation(Peer.Of(controller), Peer.Of(backendPod, cluster.Service(backendPod.Namespace, backendPod.Workload)),
                        random.Next(32768, 60999), 8080);
                    var t = front.Send(context, 0, true, TcpFlagSet.PshAck);
                    t = Request(context, back, random.LogUniform(2_000_000, 80_000_000), t);
                    front.Send(context, t, false, TcpFlagSet.PshAck);
                    break;
                }

            case < 0.63:
                {
                    var pod = random.Pick(cluster.AllPods);
                    var kubelet = new Peer { Endpoint = pod.Node.Host, Ip = pod.Node.InternalIp, Node = pod.Node };
                    var probe = new TcpConversation(kubelet, Peer.Of(pod), random.Next(32768, 60999), 8080);
                    Request(context, probe, random.LogUniform(200_000, 3_000_000));
                    break;
                }

            case < 0.73:
                {
                    var client = random.Chance(0.5) ? cluster.Pod("kube-system", "metrics-server") : cluster.Pod("kube-system", "hubble-relay");
                    var apiserver = new Peer { Endpoint = cluster.KubeApiserver, Ip = cluster.KubeApiserverIp, Service = cluster.Service("default", "kubernetes") };
                    var call = new TcpConversation(Peer.Of(client), apiserver, random.Next(32768, 60999), 443);
                    Request(context, call, random.LogUniform(2_000_000, 60_000_000));
                    break;
                }

            case < 0.83:
                {
                    var (client, ip, name) = random.Chance(0.6)
                        ? (cluster.Pod("shop", "payment-gateway"), "54.187.174.169", "api.stripe.com")
                        : (cluster.Pod("pets", "order-service"), "140.82.112.6", "api.github.com");
                    var world = new Peer { Endpoint = cluster.World, Ip = ip, Names = [name] };
                    new TcpConversation(Peer.Of(client), world, random.Next(32768, 60999), 443)
                        .FullExchange(context, 0, random.LogUniform(20_000_000, 200_000_000));
                    break;
                }

            case < 0.9:
                {
                    var query = new TcpConversation(Peer.Of(_grafana), Peer.Of(_prometheus, cluster.Service("monitoring", "prometheus")),
                        random.Next(32768, 60999), 9090);
                    Request(context, query, random.LogUniform(5_000_000, 300_000_000));
                    break;
                }

            default:
                HealthPing(context, random);
                break;
        }
    }

    private static long Request(EpisodeContext context, TcpConversation conversation, long serverTimeNanos, long startNanos = 0)
    {
        var t = conversation.Send(context, startNanos, true, TcpFlagSet.PshAck);
        return conversation.Send(context, t + serverTimeNanos, false, TcpFlagSet.PshAck);
    }

    private void HealthPing(EpisodeContext context, DeterministicRandom random)
    {
        var nodes = cluster.Nodes;
        var from = nodes[random.Next(nodes.Count)];
        var to = nodes[(from.Index + 1 + random.Next(Math.Max(1, nodes.Count - 1))) % nodes.Count];
        var source = new Peer { Endpoint = from.Health, Ip = from.HealthIp, Node = from, IsPod = true };
        var destination = new Peer { Endpoint = to.Health, Ip = to.HealthIp, Node = to, IsPod = true };
        var flows = context.Flows;
        // ICMPv4 type 8 is EchoRequest, type 0 EchoReply.
        var request = flows.Icmp(8);
        var reply = flows.Icmp(0);
        var forward = FlowFactory.Ip(source.Ip, destination.Ip);
        var backward = FlowFactory.Ip(destination.Ip, source.Ip);
        context.Emit(0, from, flows.Trace(source, destination, forward, request, "ICMPv4 EchoRequest", from,
            TraceObservationPoint.ToStack, TrafficDirection.Egress, false, TraceReason.New));
        context.Emit(400_000, to, flows.Trace(source, destination, forward, request, "ICMPv4 EchoRequest", to,
            TraceObservationPoint.ToEndpoint, TrafficDirection.Ingress, false, TraceReason.New));
        context.Emit(450_000, to, flows.Trace(destination, source, backward, reply, "ICMPv4 EchoReply", to,
            TraceObservationPoint.ToStack, TrafficDirection.Ingress, true, TraceReason.Reply));
        context.Emit(850_000, from, flows.Trace(destination, source, backward, reply, "ICMPv4 EchoReply", from,
            TraceObservationPoint.ToEndpoint, TrafficDirection.Egress, true, TraceReason.Reply));
    }
}
