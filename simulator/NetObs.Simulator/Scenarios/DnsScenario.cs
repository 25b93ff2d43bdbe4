using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// CoreDNS answering NOERROR, NXDOMAIN (search-path expansion and a typo), SERVFAIL and REFUSED,
/// one domain whose A lookups fail while AAAA works, an upstream that is slow or never answers,
/// and a lookup denied by a DNS policy. Records come from the client's egress DNS proxy.
/// </summary>
public sealed class DnsScenario : IScenario
{
    /// <summary>The domain whose A queries fail with SERVFAIL while AAAA answers.</summary>
    public const string AFailsAaaaWorksDomain = "cdn.assets-provider.example.";

    public const string ServFailDomain = "db.legacy.corp.internal.";

    public const string RefusedDomain = "internal.partner-bank.example.";

    public const string TypoDomain = "paymnet-gateway.shop.svc.cluster.local.";

    public const string SlowDomain = "metrics.slow-upstream.example.";

    public const string PolicyDeniedDomain = "pastebin.com.";

    private readonly DomainCase[] _cases;
    private readonly double _totalWeight;
    private readonly SimulatedPod[] _clients;
    private readonly IReadOnlyList<SimulatedPod> _coreDns;
    private readonly Service _kubeDns;
    private readonly PolicyCatalog _policies;

    public DnsScenario(ClusterModel cluster, PolicyCatalog policies)
    {
        _policies = policies;
        _coreDns = cluster.PodsOf("kube-system", "coredns");
        _kubeDns = cluster.Service("kube-system", "kube-dns");
        _clients =
        [
            .. cluster.PodsOf("pets", "store-front"), cluster.Pod("pets", "order-service"), cluster.Pod("pets", "makeline-service"),
            .. cluster.PodsOf("shop", "frontend"), .. cluster.PodsOf("shop", "orders"), cluster.Pod("shop", "payment-gateway"),
            .. cluster.PodsOf("banking", "web-frontend"), .. cluster.PodsOf("banking", "accounts-api"), cluster.Pod("monitoring", "prometheus"),
        ];
        const long ms = 1_000_000;
        _cases =
        [
            new("catalog.shop.svc.cluster.local.", "A", DnsRcodeNames.NoError, [cluster.ServiceIp("shop", "catalog")], [], 30, ms / 5, 2 * ms, 20),
            new("rabbitmq.pets.svc.cluster.local.", "A", DnsRcodeNames.NoError, [cluster.ServiceIp("pets", "rabbitmq")], [], 30, ms / 5, 2 * ms, 10),
            new("mongodb.pets.svc.cluster.local.", "A", DnsRcodeNames.NoError, [cluster.ServiceIp("pets", "mongodb")], [], 30, ms / 5, 2 * ms, 8),
            new("api.github.com.", "A", DnsRcodeNames.NoError, ["140.82.112.6"], [], 60, 4 * ms, 40 * ms, 6),
            new("login.microsoftonline.com.", "A", DnsRcodeNames.NoError, ["20.190.151.7", "20.190.151.68"],
                ["login.mso.msidentity.com.", "ak.privatelink.msidentity.com."], 300, 4 * ms, 40 * ms, 5),
            new("api.stripe.com.", "A", DnsRcodeNames.NoError, ["54.187.174.169", "54.187.216.72"], [], 60, 5 * ms, 50 * ms, 5),
            new("api.stripe.com.shop.svc.cluster.local.", "A", DnsRcodeNames.NonExistentDomain, [], [], 0, ms / 5, 2 * ms, 8),
            new("api.stripe.com.svc.cluster.local.", "A", DnsRcodeNames.NonExistentDomain, [], [], 0, ms / 5, 2 * ms, 5),
            new(TypoDomain, "A", DnsRcodeNames.NonExistentDomain, [], [], 0, ms / 5, 2 * ms, 4),
            new(ServFailDomain, "A", DnsRcodeNames.ServerFailure, [], [], 0, 50 * ms, 300 * ms, 4),
            new(RefusedDomain, "A", DnsRcodeNames.Refused, [], [], 0, 2 * ms, 20 * ms, 2),
            new(AFailsAaaaWorksDomain, "A", DnsRcodeNames.ServerFailure, [], [], 0, 20 * ms, 200 * ms, 3),
            new(AFailsAaaaWorksDomain, "AAAA", DnsRcodeNames.NoError, ["2606:4700::6812:1a2b"], [], 120, 5 * ms, 40 * ms, 3),
            new(SlowDomain, "A", DnsRcodeNames.NoError, ["198.51.100.23"], [], 30, 1_500 * ms, 4_500 * ms, 3, MissingResponse: 0.4),
            new(PolicyDeniedDomain, "A", DnsRcodeNames.Refused, [], [], 0, ms / 5, ms, 1, PolicyDenied: true),
        ];
        _totalWeight = _cases.Sum(c => c.Weight);
    }

    public string Name => "dns";

    public double Weight => 20;

    public void Run(EpisodeContext context)
    {
        var random = context.Random;
        var domain = PickCase(random.NextDouble() * _totalWeight);
        var client = domain.PolicyDenied ? _clients.First(p => p.Workload == "web-frontend") : random.Pick(_clients);
        var server = random.Pick(_coreDns);
        var udp = new UdpConversation(Peer.Of(client), Peer.Of(server, _kubeDns), random.Next(32768, 60999), 53);
        var flows = context.Flows;
        var clientNode = client.Node;

        var request = new DNS { Query = domain.Query, ObservationSource = "proxy", Qtypes = { domain.Qtype } };
        var requestFlow = flows.L7(udp.Client, udp.Server, udp.Forward, udp.ForwardL4(flows),
            new Layer7 { Type = L7FlowType.Request, Dns = request }, FlowFactory.DnsRequestSummary(request), clientNode,
            TrafficDirection.Egress, false, domain.PolicyDenied ? Verdict.Dropped : Verdict.Forwarded);
        requestFlow.EgressAllowedBy.Add(_policies.DnsVisibility);
        context.Emit(0, clientNode, requestFlow);
        if (domain.PolicyDenied)
        {
            return;
        }

        udp.Send(context, 30_000, fromClient: true);
        if (random.Chance(domain.MissingResponse))
        {
            return;
        }

        var latency = random.LogUniform(domain.MinLatencyNanos, domain.MaxLatencyNanos);
        udp.Send(context, latency, fromClient: false);
        var response = new DNS
        {
            Query = domain.Query,
            ObservationSource = "proxy",
            Rcode = domain.Rcode,
            Ttl = domain.Ttl,
            Qtypes = { domain.Qtype },
        };
        response.Ips.AddRange(domain.Ips);
        response.Cnames.AddRange(domain.Cnames);
        if (domain.Ips.Count > 0)
        {
            if (domain.Cnames.Count > 0)
            {
                response.Rrtypes.Add("CNAME");
            }

            response.Rrtypes.Add(domain.Qtype);
        }

        var responseFlow = flows.L7(udp.Server, udp.Client, udp.Backward, udp.BackwardL4(flows),
            new Layer7 { Type = L7FlowType.Response, LatencyNs = (ulong)latency, Dns = response }, FlowFactory.DnsResponseSummary(response),
            clientNode, TrafficDirection.Egress, true, Verdict.Forwarded);
        context.Emit(latency + 60_000, clientNode, responseFlow);
    }

    private DomainCase PickCase(double roll)
    {
        foreach (var domainCase in _cases)
        {
            roll -= domainCase.Weight;
            if (roll < 0)
            {
                return domainCase;
            }
        }

        return _cases[^1];
    }

    private sealed record DomainCase(
        string Query,
        string Qtype,
        uint Rcode,
        IReadOnlyList<string> Ips,
        IReadOnlyList<string> Cnames,
        uint Ttl,
        long MinLatencyNanos,
        long MaxLatencyNanos,
        double Weight,
        double MissingResponse = 0,
        bool PolicyDenied = false);
}
