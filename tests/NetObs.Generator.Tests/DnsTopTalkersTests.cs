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
        var top = Evaluator(file, "Top Talkers");
        var flows = Evaluator(file, "Flows");

        Assert.True(top.Matches(Response()), "a DNS response is not counted");
        Assert.False(top.Matches(Request(Verdict.Forwarded, isReply: false)), "a DNS request is counted");
        Assert.False(top.Matches(Request(Verdict.Dropped, isReply: null)), "a policy-denied DNS request is counted");
        Assert.True(flows.Matches(Request(Verdict.Forwarded, isReply: false)), "the flows panel lost the requests");
    }

    // Hubble's DNS metrics label a response with the server that answered, so the pods that got errors come from the
    // flows: the response's destination is the pod that asked.
    [Theory]
    [InlineData("netobs-dns-cluster.json")]
    [InlineData("netobs-dns-workload.json")]
    public void Top_pods_with_dns_errors_count_responses_by_the_pod_that_asked_without_noerror_rows(string file)
    {
        var panel = Panel(file, "Top Pods with DNS Errors");
        var target = panel["targets"]![0]!;
        var top = Evaluator(file, "Top Pods with DNS Errors");

        Assert.Equal("topk", target["queryType"]!.GetValue<string>());
        Assert.Equal("destination_pod", target["groupBy"]![0]!.GetValue<string>());
        Assert.Contains("dns_rcode", target["groupBy"]!.AsArray().Select(g => g!.GetValue<string>()));
        Assert.True(top.Matches(Response()), "a DNS error response is not counted");
        Assert.False(top.Matches(Request(Verdict.Forwarded, isReply: false)), "a DNS request is counted");
        var filter = panel["transformations"]!.AsArray().Single(t => t!["id"]!.GetValue<string>() == "filterByValue")!["options"]!;
        Assert.Equal("exclude", filter["type"]!.GetValue<string>());
        Assert.Equal("NOERROR", filter["filters"]![0]!["config"]!["options"]!["value"]!.GetValue<string>());
    }

    private static System.Text.Json.Nodes.JsonObject Panel(string file, string titlePrefix)
    {
        var dashboard = Generation.Dashboards(Generation.Defaults).Single(d => d.Path.EndsWith("/" + file, StringComparison.Ordinal)).Dashboard;
        return Generation.Panels(dashboard)
            .Where(p => p["datasource"]?["type"]?.GetValue<string>() == "netobs-hubble-datasource")
            .Single(p => p["title"]!.GetValue<string>().StartsWith(titlePrefix, StringComparison.Ordinal));
    }

    private static FlowFilterEvaluator Evaluator(string file, string titlePrefix)
    {
        var target = Panel(file, titlePrefix)["targets"]![0]!;
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
