using Cilium.Flow;
using NetObs.Hubble.Evaluation;
using NetObs.Hubble.Filtering;

namespace NetObs.Generator.Tests;

/// <summary>
/// The DNS dashboards' top-N tables group by return code, which only responses carry (Hubble L7 DNS flows:
/// l7.type RESPONSE, is_reply true, dns.rcode): they count the responses, while the flows panel beside them
/// still lists requests too.
/// </summary>
public sealed class DnsTopTalkersTests
{
    private static readonly Endpoint ClientPod = new() { Namespace = "default", PodName = "web-6f7d8c9b5d-k2l3m" };
    private static readonly Endpoint ServerPod = new() { Namespace = "kube-system", PodName = "coredns-7db6d8ff4d-q8r7s" };

    [Theory]
    [InlineData("netobs-dns-cluster.json")]
    [InlineData("netobs-dns-workload.json")]
    public void Top_talkers_count_dns_responses_and_no_requests(string file)
    {
        var top = Evaluator(file, "topk");
        var flows = Evaluator(file, "flows");

        Assert.True(top.Matches(Response()), "a DNS response is not counted");
        Assert.False(top.Matches(Request(Verdict.Forwarded, isReply: false)), "a DNS request is counted");
        Assert.False(top.Matches(Request(Verdict.Dropped, isReply: null)), "a policy-denied DNS request is counted");
        Assert.True(flows.Matches(Request(Verdict.Forwarded, isReply: false)), "the flows panel lost the requests");
    }

    private static FlowFilterEvaluator Evaluator(string file, string queryType)
    {
        var dashboard = Generation.Dashboards(Generation.Defaults).Single(d => d.Path.EndsWith("/" + file, StringComparison.Ordinal)).Dashboard;
        var target = Generation.Panels(dashboard)
            .Where(p => p["datasource"]?["type"]?.GetValue<string>() == "netobs-hubble-datasource")
            .SelectMany(p => p["targets"]!.AsArray())
            .Single(t => t!["queryType"]!.GetValue<string>() == queryType)!;
        var filter = target["filter"]!.GetValue<string>()
            .Replace("$namespace", "kube-system", StringComparison.Ordinal)
            .Replace("$workload", "coredns", StringComparison.Ordinal);
        var parsed = ObserveFilterParser.Parse(filter);
        return FlowFilterEvaluator.Compile(parsed.Allowlist, parsed.Denylist);
    }

    private static Flow Request(Verdict verdict, bool? isReply) => Dns(ClientPod, ServerPod, verdict, isReply, new Layer7
    {
        Type = L7FlowType.Request,
        Dns = new DNS { Query = "api.example.com.", Qtypes = { "A" }, ObservationSource = "proxy" },
    });

    private static Flow Response() => Dns(ServerPod, ClientPod, Verdict.Forwarded, true, new Layer7
    {
        Type = L7FlowType.Response,
        LatencyNs = 1_200_000,
        Dns = new DNS { Query = "api.example.com.", Qtypes = { "A" }, Rcode = 3, ObservationSource = "proxy" },
    });

    private static Flow Dns(Endpoint source, Endpoint destination, Verdict verdict, bool? isReply, Layer7 l7) => new()
    {
        Type = FlowType.L7,
        EventType = new CiliumEventType { Type = 129 },
        TrafficDirection = TrafficDirection.Egress,
        Verdict = verdict,
        IsReply = isReply,
        Source = source.Clone(),
        Destination = destination.Clone(),
        L7 = l7,
    };
}
