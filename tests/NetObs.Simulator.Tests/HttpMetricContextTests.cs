using System.Text.RegularExpressions;
using Cilium.Flow;
using NetObs.Simulator.Metrics;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

/// <summary>
/// hubble_http_requests_total as Cilium's httpV2 handler labels it with ACNS's contexts
/// (sourceEgressContext=pod;destinationIngressContext=pod): responses only, labels from the reply's own endpoints
/// and direction, then swapped (GetLabelValuesInvertSourceDestination). The L7 dashboards read it per side:
/// Incoming panels select `destination=~"$namespace/.+"`, Outgoing ones `source=~"$namespace/.+"`, and the 5xx
/// ratio adds `status=~"5.."`.
/// </summary>
public sealed class HttpMetricContextTests
{
    private const string Client = "frontend-7d9c8b6f5c-x2k4p";
    private const string Server = "catalog-5f6d7c8b9a-q8r7s";

    [Fact]
    public void A_reply_seen_by_the_servers_ingress_proxy_counts_with_the_client_as_source()
    {
        var series = Record(Reply(TrafficDirection.Ingress, 503));

        Assert.Equal(1, series.Value);
        Assert.Equal("shop/" + Client, series.Label("source"));
        Assert.Equal("", series.Label("destination"));
        Assert.Equal("server", series.Label("reporter"));
        Assert.Equal("503", series.Label("status"));
    }

    [Fact]
    public void A_reply_seen_by_the_clients_egress_proxy_counts_with_the_server_as_destination()
    {
        var series = Record(Reply(TrafficDirection.Egress, 500));

        Assert.Equal(1, series.Value);
        Assert.Equal("", series.Label("source"));
        Assert.Equal("shop/" + Server, series.Label("destination"));
        Assert.Equal("client", series.Label("reporter"));
        Assert.Equal("500", series.Label("status"));
    }

    [Fact]
    public void Incoming_5xx_ratio_of_the_l7_scenario_is_what_each_server_answered_its_clients()
    {
        var flows = EngineRun.Flows(ScenarioSet.L7, TimeSpan.FromMinutes(10), seed: 7);
        var samples = Scrape(flows);
        var responses = flows.Where(f => f.L7?.Http is not null && f.L7.Type == L7FlowType.Response).ToList();

        // Every exchange has one reply at the client's egress proxy, including the 403 an ingress L7 policy answers.
        var expected = Tally(responses.Where(f => f.TrafficDirection == TrafficDirection.Egress), f => Pod(f.Source));
        var incoming = Tally(samples, "destination");

        Assert.Equal(expected.OrderBy(e => e.Key), incoming.OrderBy(e => e.Key));
        Assert.Contains(incoming, e => e.Key.StartsWith("shop/catalog-", StringComparison.Ordinal) && e.Value.Errors > 0);
        Assert.Contains(incoming, e => e.Key.StartsWith("shop/payment-gateway-", StringComparison.Ordinal) && e.Value.Errors > 0);
        Assert.Contains(responses, f => f.L7.Http.Code == 403 && f.TrafficDirection == TrafficDirection.Egress);
    }

    [Fact]
    public void Outgoing_5xx_ratio_of_the_l7_scenario_is_what_each_client_got_from_the_servers_it_called()
    {
        var flows = EngineRun.Flows(ScenarioSet.L7, TimeSpan.FromMinutes(10), seed: 7);
        var samples = Scrape(flows);
        var responses = flows.Where(f => f.L7?.Http is not null && f.L7.Type == L7FlowType.Response).ToList();

        var expected = Tally(responses.Where(f => f.TrafficDirection == TrafficDirection.Ingress), f => Pod(f.Destination));
        var outgoing = Tally(samples, "source");

        Assert.Equal(expected.OrderBy(e => e.Key), outgoing.OrderBy(e => e.Key));
        Assert.Contains(outgoing, e => e.Key.StartsWith("shop/frontend-", StringComparison.Ordinal) && e.Value.Errors > 0);
    }

    private static Flow Reply(TrafficDirection direction, uint code) => new()
    {
        NodeName = "aks-nodepool1-1-vmss000000",
        Type = FlowType.L7,
        EventType = new CiliumEventType { Type = 129 },
        Verdict = Verdict.Forwarded,
        TrafficDirection = direction,
        IsReply = true,
        Source = new Endpoint { Namespace = "shop", PodName = Server },
        Destination = new Endpoint { Namespace = "shop", PodName = Client },
        L7 = new Layer7
        {
            Type = L7FlowType.Response,
            LatencyNs = 12_000_000,
            Http = new HTTP { Code = code, Method = "GET", Protocol = "HTTP/1.1", Url = "http://catalog.shop.svc.cluster.local:8080/api/products" },
        },
    };

    private static PrometheusText.Sample Record(Flow flow)
    {
        var metrics = new FlowMetrics("default");
        metrics.Record(flow, flow.NodeName);
        return Assert.Single(PrometheusText.Parse(metrics.Render()), s => s.Name == "hubble_http_requests_total");
    }

    private static List<PrometheusText.Sample> Scrape(IEnumerable<Flow> flows)
    {
        var metrics = new FlowMetrics("default");
        foreach (var flow in flows)
        {
            metrics.Record(flow, flow.NodeName);
        }

        return PrometheusText.Parse(metrics.Render());
    }

    /// <summary>What the dashboard's ratio reads for one side: requests and 5xx per pod of the namespace `shop`.</summary>
    private static Dictionary<string, (double Requests, double Errors)> Tally(List<PrometheusText.Sample> samples, string side) =>
        samples.Where(s => s.Name == "hubble_http_requests_total" && Regex.IsMatch(s.Label(side), "^(?:shop/.+)$"))
            .GroupBy(s => s.Label(side))
            .ToDictionary(g => g.Key, g => (g.Sum(s => s.Value), g.Where(s => Regex.IsMatch(s.Label("status"), "^(?:5..)$")).Sum(s => s.Value)));

    private static Dictionary<string, (double Requests, double Errors)> Tally(IEnumerable<Flow> responses, Func<Flow, string> pod) =>
        responses.GroupBy(pod)
            .ToDictionary(g => g.Key, g => ((double)g.Count(), (double)g.Count(f => f.L7.Http.Code is >= 500 and < 600)));

    private static string Pod(Endpoint endpoint) => $"{endpoint.Namespace}/{endpoint.PodName}";
}
