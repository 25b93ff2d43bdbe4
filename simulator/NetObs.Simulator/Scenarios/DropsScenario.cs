using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// banking/web-frontend cannot reach banking/accounts-api: the accounts-api ingress policy only admits
/// api-gateway, so every SYN is dropped with POLICY_DENIED and ingress_denied_by, and retransmitted.
/// api-gateway's allowed connections show the contrast; other drop reasons occur at a low rate.
/// </summary>
public sealed class DropsScenario(ClusterModel cluster, PolicyCatalog policies) : IScenario
{
    public const int AccountsApiPort = 8443;

    private readonly IReadOnlyList<SimulatedPod> _webFrontends = cluster.PodsOf("banking", "web-frontend");
    private readonly IReadOnlyList<SimulatedPod> _accountsApi = cluster.PodsOf("banking", "accounts-api");
    private readonly SimulatedPod _apiGateway = cluster.Pod("banking", "api-gateway");
    private readonly Service _accountsService = cluster.Service("banking", "accounts-api");

    public string Name => "drops";

    public double Weight => 10;

    public void Run(EpisodeContext context)
    {
        var random = context.Random;
        var roll = random.NextDouble();
        if (roll < 0.72)
        {
            var conversation = new TcpConversation(Peer.Of(random.Pick(_webFrontends)), Peer.Of(random.Pick(_accountsApi), _accountsService),
                random.Next(32768, 60999), AccountsApiPort)
            {
                EgressAllowedBy = [policies.WebFrontendEgress],
            };
            // The first SYN and two retransmissions, one and three seconds later (Linux SYN back-off).
            foreach (var delay in new[] { 0L, 1_000_000_000L, 3_000_000_000L })
            {
                conversation.Drop(context, delay, TcpFlagSet.Syn, DropReason.PolicyDenied, atIngress: true, [policies.AccountsApiIngress]);
            }
        }
        else if (roll < 0.88)
        {
            var conversation = new TcpConversation(Peer.Of(_apiGateway), Peer.Of(random.Pick(_accountsApi), _accountsService),
                random.Next(32768, 60999), AccountsApiPort)
            {
                IngressAllowedBy = [policies.AccountsApiIngress],
            };
            conversation.FullExchange(context, 0, random.LogUniform(2_000_000, 30_000_000));
        }
        else
        {
            OtherDrop(context, random);
        }
    }

    private void OtherDrop(EpisodeContext context, DeterministicRandom random)
    {
        switch (random.Next(4))
        {
            case 0:
                {
                    var smtp = new Peer { Endpoint = cluster.World, Ip = "203.0.113.25", Names = ["smtp.mailer.example"] };
                    var conversation = new TcpConversation(Peer.Of(random.Pick(cluster.PodsOf("shop", "orders"))), smtp, random.Next(32768, 60999), 25);
                    conversation.Drop(context, 0, TcpFlagSet.Syn, DropReason.PolicyDeny, atIngress: false, [policies.DenySmtpEgress]);
                    break;
                }

            case 1:
                {
                    var noBackend = new Peer { Endpoint = cluster.World, Ip = cluster.ServiceIp("pets", "recommendation"), Service = cluster.Service("pets", "recommendation") };
                    var conversation = new TcpConversation(Peer.Of(cluster.Pod("pets", "store-admin")), noBackend, random.Next(32768, 60999), 8080);
                    conversation.Drop(context, 0, TcpFlagSet.Syn, DropReason.ServiceBackendNotFound, atIngress: false);
                    break;
                }

            case 2:
                {
                    var client = cluster.Pod("pets", "virtual-customer");
                    var stale = new Peer { Endpoint = cluster.World, Ip = client.Node.PodCidrPrefix + "250" };
                    var conversation = new TcpConversation(Peer.Of(client), stale, random.Next(32768, 60999), 8080);
                    conversation.Drop(context, 0, TcpFlagSet.Syn, DropReason.StaleOrUnroutableIp, atIngress: false);
                    break;
                }

            default:
                {
                    var client = cluster.Pod("kube-system", "metrics-server");
                    var kubelet = new Peer { Endpoint = client.Node.Host, Ip = client.Node.InternalIp, Node = client.Node };
                    var conversation = new TcpConversation(Peer.Of(client), kubelet, random.Next(32768, 60999), 10250);
                    conversation.Drop(context, 0, TcpFlagSet.Syn, DropReason.CtMapInsertionFailed, atIngress: false);
                    break;
                }
        }
    }
}
