using Cilium.Flow;
using NetObs.Simulator.Metrics;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

/// <summary>
/// hubble_dns_* as Cilium's dns handler labels them with ACNS's contexts (sourceEgressContext=pod;
/// destinationIngressContext=pod): every DNS flow with its own context (GetLabelValues in
/// cilium/cilium pkg/hubble/metrics/dns/handler.go, not the inverted variant httpV2 uses). The DNS proxy records the
/// request and the response at the asking pod's egress, the response with the server as source (notifyOnDNSMsg in
/// daemon/cmd/fqdn.go), so a query names the asking pod and a response names the server that answered.
/// </summary>
public sealed class DnsMetricContextTests
{
    private const string AskingPod = "frontend-7d9c8b6f5c-x2k4p";
    private const string CoreDns = "coredns-5d78c9869d-abcde";

    [Fact]
    public void A_request_counts_with_the_asking_pod_as_source()
    {
        var series = Record(Flow(isReply: false), "hubble_dns_queries_total");

        Assert.Equal("shop/" + AskingPod, series.Label("source"));
        Assert.Equal("", series.Label("destination"));
        Assert.Equal("", series.Label("rcode"));
    }

    [Fact]
    public void A_response_counts_with_the_answering_server_as_source_and_no_destination()
    {
        var series = Record(Flow(isReply: true), "hubble_dns_responses_total");

        Assert.Equal("kube-system/" + CoreDns, series.Label("source"));
        Assert.Equal("", series.Label("destination"));
        Assert.Equal("Non-Existent Domain", series.Label("rcode"));
    }

    [Fact]
    public void Dns_scenario_responses_name_only_coredns_and_queries_only_the_clients()
    {
        var flows = EngineRun.Flows(ScenarioSet.Dns, TimeSpan.FromMinutes(5), seed: 11);
        var metrics = new FlowMetrics("default");
        foreach (var flow in flows)
        {
            metrics.Record(flow, flow.NodeName);
        }

        var samples = PrometheusText.Parse(metrics.Render());
        var responses = samples.Where(s => s.Name == "hubble_dns_responses_total").ToList();
        var queries = samples.Where(s => s.Name == "hubble_dns_queries_total").ToList();

        Assert.NotEmpty(responses);
        Assert.All(responses, s => Assert.StartsWith("kube-system/coredns-", s.Label("source"), StringComparison.Ordinal));
        Assert.All(responses.Concat(queries), s => Assert.Equal("", s.Label("destination")));
        Assert.All(queries, s => Assert.DoesNotContain("coredns", s.Label("source"), StringComparison.Ordinal));
        Assert.Equal(flows.Count(f => f.L7?.Dns is not null && f.IsReply == true), responses.Sum(s => s.Value));
    }

    private static Flow Flow(bool isReply)
    {
        var client = new Endpoint { Namespace = "shop", PodName = AskingPod };
        var server = new Endpoint { Namespace = "kube-system", PodName = CoreDns };
        var dns = new DNS { Query = "paymnet-gateway.shop.svc.cluster.local.", Qtypes = { "A" }, ObservationSource = "proxy", Rcode = isReply ? 3u : 0u };
        return new Flow
        {
            NodeName = "aks-nodepool1-1-vmss000000",
            Type = FlowType.L7,
            EventType = new CiliumEventType { Type = 129 },
            Verdict = Verdict.Forwarded,
            // The DNS proxy's observation point is always egress, for the response too.
            TrafficDirection = TrafficDirection.Egress,
            IsReply = isReply,
            Source = isReply ? server : client,
            Destination = isReply ? client : server,
            L7 = new Layer7 { Type = isReply ? L7FlowType.Response : L7FlowType.Request, Dns = dns },
        };
    }

    private static PrometheusText.Sample Record(Flow flow, string family)
    {
        var metrics = new FlowMetrics("default");
        metrics.Record(flow, flow.NodeName);
        return Assert.Single(PrometheusText.Parse(metrics.Render()), s => s.Name == family);
    }
}
