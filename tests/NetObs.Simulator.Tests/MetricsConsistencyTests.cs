using Cilium.Flow;

namespace NetObs.Simulator.Tests;

/// <summary>The scrape must describe exactly the flows GetFlows serves: each family is recounted here from the flows.</summary>
public sealed class MetricsConsistencyTests : IAsyncLifetime
{
    private RunningSimulator _simulator = null!;
    private List<Flow> _flows = null!;
    private List<PrometheusText.Sample> _samples = null!;

    public async Task InitializeAsync()
    {
        _simulator = await RunningSimulator.StartFrozenAsync(seed: 11, backfill: "2m", rate: 200);
        _flows = await _simulator.AllFlowsAsync();
        _samples = PrometheusText.Parse(await _simulator.ScrapeAsync());
    }

    public async Task DisposeAsync() => await _simulator.DisposeAsync();

    [Fact]
    public void Every_series_carries_cluster_and_instance_labels()
    {
        var nodes = _simulator.Host.Store.Nodes.Select(n => n.Name).ToHashSet();
        Assert.NotEmpty(_samples);
        Assert.All(_samples, s =>
        {
            Assert.Equal("default", s.Label("cluster"));
            Assert.Contains(s.Label("instance"), nodes);
        });
    }

    [Fact]
    public void Flows_processed_counts_every_served_flow_by_node_and_verdict()
    {
        var expected = _flows.GroupBy(f => (f.NodeName, Verdict: f.Verdict.ToString().ToUpperInvariant())).ToDictionary(g => g.Key, g => (double)g.Count());
        var actual = Sum("hubble_flows_processed_total", s => (s.Label("instance"), s.Label("verdict")));

        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        Assert.Equal(_flows.Count, actual.Values.Sum());
    }

    [Fact]
    public void Flows_processed_uses_the_acns_pod_contexts()
    {
        var expected = _flows.GroupBy(f => (
                f.NodeName,
                Source: f.TrafficDirection == TrafficDirection.Egress ? Pod(f.Source) : "",
                Destination: f.TrafficDirection == TrafficDirection.Ingress ? Pod(f.Destination) : ""))
            .ToDictionary(g => g.Key, g => (double)g.Count());
        var actual = Sum("hubble_flows_processed_total", s => (s.Label("instance"), s.Label("source"), s.Label("destination")));

        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
        Assert.Contains(actual.Keys, k => k.Item2 == "" && k.Item3.StartsWith("pets/", StringComparison.Ordinal));
    }

    [Fact]
    public void Drop_total_counts_dropped_flows_by_reason_name()
    {
        var expected = _flows.Where(f => f.Verdict == Verdict.Dropped)
            .GroupBy(f => (f.NodeName, Reason: DropReasonName(f.DropReasonDesc))).ToDictionary(g => g.Key, g => (double)g.Count());
        var actual = Sum("hubble_drop_total", s => (s.Label("instance"), s.Label("reason")));

        Assert.Contains(actual.Keys, k => k.Item2 == "POLICY_DENIED");
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
    }

    [Fact]
    public void Tcp_flags_total_counts_forwarded_syn_syn_ack_fin_and_rst()
    {
        var forwardedTcp = _flows.Where(f => f.Verdict == Verdict.Forwarded && f.L4?.TCP is not null).Select(f => f.L4.TCP.Flags).ToList();
        var expected = new Dictionary<string, double>
        {
            ["SYN"] = forwardedTcp.Count(f => f.SYN && !f.ACK),
            ["SYN-ACK"] = forwardedTcp.Count(f => f.SYN && f.ACK),
            ["FIN"] = forwardedTcp.Count(f => f.FIN),
            ["RST"] = forwardedTcp.Count(f => f.RST),
        };
        var actual = Sum("hubble_tcp_flags_total", s => s.Label("flag"));

        Assert.All(expected.Values, v => Assert.True(v > 0));
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(a => a.Key));
    }

    [Fact]
    public void Dns_families_count_queries_and_responses_by_rcode()
    {
        var dns = _flows.Where(f => f.L7?.Dns is not null).ToList();
        var responses = dns.Where(f => f.IsReply == true).GroupBy(f => RcodeName(f.L7.Dns.Rcode)).ToDictionary(g => g.Key, g => (double)g.Count());

        Assert.Equal(dns.Count(f => f.IsReply != true), Sum("hubble_dns_queries_total", _ => 0).Values.Sum());
        Assert.Equal(responses.OrderBy(e => e.Key), Sum("hubble_dns_responses_total", s => s.Label("rcode")).OrderBy(a => a.Key));
        Assert.Equal(dns.Count(f => f.IsReply != true), Sum("networkobservability_dns_request_count", _ => 0).Values.Sum());
        Assert.Contains("Non-Existent Domain", responses.Keys);
        Assert.Contains("Server Failure", responses.Keys);
    }

    [Fact]
    public void Http_and_kafka_families_count_l7_records()
    {
        var httpResponses = _flows.Where(f => f.L7?.Http is not null && f.L7.Type == L7FlowType.Response)
            .GroupBy(f => f.L7.Http.Code.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToDictionary(g => g.Key, g => (double)g.Count());
        var kafka = _flows.Where(f => f.L7?.Kafka is not null)
            .GroupBy(f => (f.L7.Kafka.Topic, f.L7.Kafka.ErrorCode.ToString(System.Globalization.CultureInfo.InvariantCulture))).ToDictionary(g => g.Key, g => (double)g.Count());

        Assert.Equal(httpResponses.OrderBy(e => e.Key), Sum("hubble_http_requests_total", s => s.Label("status")).OrderBy(a => a.Key));
        Assert.Equal(kafka.OrderBy(e => e.Key), Sum("hubble_kafka_requests_total", s => (s.Label("topic"), s.Label("error_code"))).OrderBy(a => a.Key));
        Assert.Equal(httpResponses.Values.Sum(), Sum("hubble_http_request_duration_seconds_count", _ => 0).Values.Sum());
    }

    [Fact]
    public void Node_level_forward_and_drop_counts_match_l3_l4_flows()
    {
        var l34 = _flows.Where(f => f.Type == FlowType.L3L4).ToList();
        var forwarded = l34.Where(f => f.Verdict == Verdict.Forwarded)
            .GroupBy(f => (f.NodeName, f.TrafficDirection.ToString().ToLowerInvariant())).ToDictionary(g => g.Key, g => (double)g.Count());

        Assert.Equal(forwarded.OrderBy(e => e.Key), Sum("networkobservability_forward_count", s => (s.Label("instance"), s.Label("direction"))).OrderBy(a => a.Key));
        Assert.Equal(l34.Count(f => f.Verdict == Verdict.Dropped), Sum("networkobservability_drop_count", _ => 0).Values.Sum());
        Assert.Equal(l34.Count(f => f.DropReasonDesc is DropReason.PolicyDenied or DropReason.PolicyDeny),
            Sum("networkobservability_drop_count", s => s.Label("reason")).GetValueOrDefault("IPTABLE_RULE_DROP"));
        Assert.True(Sum("networkobservability_forward_bytes", _ => 0).Values.Sum() > 66 * forwarded.Values.Sum());
    }

    private Dictionary<TKey, double> Sum<TKey>(string name, Func<PrometheusText.Sample, TKey> key)
        where TKey : notnull =>
        _samples.Where(s => s.Name == name).GroupBy(key).ToDictionary(g => g.Key, g => g.Sum(s => s.Value));

    private static string Pod(Endpoint? endpoint) => endpoint is null || endpoint.PodName.Length == 0 ? "" : $"{endpoint.Namespace}/{endpoint.PodName}";

    private static string DropReasonName(DropReason reason) =>
        FlowReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>("DropReason").FindValueByNumber((int)reason).Name;

    // The rcode names Hubble's DNS metrics use (hubble-api.md §6.1), written out independently of the simulator.
    private static string RcodeName(uint rcode) => rcode switch
    {
        0 => "No Error",
        1 => "Format Error",
        2 => "Server Failure",
        3 => "Non-Existent Domain",
        4 => "Not Implemented",
        5 => "Query Refused",
        _ => "Unknown",
    };
}
