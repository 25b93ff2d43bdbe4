using Cilium.Flow;
using Cilium.Observer;
using NetObs.Hubble.Import;

namespace NetObs.Hubble.Tests.Import;

/// <summary>Lines shaped like the jsonpb examples in hubble-api.md §4.4, written here as test input.</summary>
public sealed class JsonpbFlowReaderTests
{
    private const string TraceLine =
        """{"flow":{"time":"2025-04-16T18:49:59.450508431Z","uuid":"0c1a","verdict":"FORWARDED","ethernet":{"source":"aa:bb:cc:00:00:01","destination":"aa:bb:cc:00:00:02"},"IP":{"source":"10.0.1.13","destination":"10.0.1.178","ipVersion":"IPv4"},"l4":{"TCP":{"source_port":8080,"destination_port":60778,"flags":{"PSH":true,"ACK":true}}},"source":{"ID":1501,"identity":39459,"cluster_name":"c1","namespace":"default","labels":["k8s:app=x"],"pod_name":"x-64cb","workloads":[{"name":"x","kind":"Deployment"}]},"destination":{"identity":2,"labels":["reserved:world"]},"Type":"L3_L4","node_name":"c1/aks-nodepool1-27013129-vmss000000","reply":true,"event_type":{"type":4},"traffic_direction":"EGRESS","trace_observation_point":"TO_ENDPOINT","trace_reason":"REPLY","is_reply":true,"interface":{"index":98,"name":"lxc12ab"},"Summary":"TCP Flags: ACK, PSH"},"node_name":"c1/aks-nodepool1-27013129-vmss000000","time":"2025-04-16T18:49:59.450508431Z"}""";

    private const string DnsLine =
        """{"flow":{"time":"2025-04-16T18:50:00Z","verdict":"FORWARDED","Type":"L7","l7":{"type":"REQUEST","latency_ns":"1234567","dns":{"query":"example.com.","observation_source":"proxy","qtypes":["A"]}},"event_type":{"type":129},"is_reply":false},"node_name":"kind-worker","time":"2025-04-16T18:50:00Z"}""";

    [Fact]
    public void Proto_field_names_enum_names_and_string_int64_are_read()
    {
        var response = JsonpbFlowReader.ParseLine(TraceLine)!;
        var flow = response.Flow;

        Assert.Equal(Verdict.Forwarded, flow.Verdict);
        Assert.Equal("10.0.1.178", flow.IP.Destination);
        Assert.Equal(IPVersion.Ipv4, flow.IP.IpVersion);
        Assert.Equal(60778U, flow.L4.TCP.DestinationPort);
        Assert.True(flow.L4.TCP.Flags.PSH && flow.L4.TCP.Flags.ACK && !flow.L4.TCP.Flags.SYN);
        Assert.Equal(1501U, flow.Source.ID);
        Assert.Equal("x-64cb", flow.Source.PodName);
        Assert.Equal("Deployment", flow.Source.Workloads[0].Kind);
        Assert.Equal(FlowType.L3L4, flow.Type);
        Assert.Equal(TraceObservationPoint.ToEndpoint, flow.TraceObservationPoint);
        Assert.Equal(TraceReason.Reply, flow.TraceReason);
        Assert.Equal(TrafficDirection.Egress, flow.TrafficDirection);
        Assert.True(flow.IsReply);
        Assert.Equal(4, flow.EventType.Type);
        Assert.Equal("TCP Flags: ACK, PSH", flow.Summary);
        Assert.Equal("c1/aks-nodepool1-27013129-vmss000000", response.NodeName);
        Assert.Equal(new DateTime(2025, 4, 16, 18, 49, 59, DateTimeKind.Utc).AddTicks(4505084), response.Time.ToDateTime());
    }

    [Fact]
    public void L7_dns_request_with_string_latency_is_read()
    {
        var flow = JsonpbFlowReader.ParseLine(DnsLine)!.Flow;

        Assert.Equal(L7FlowType.Request, flow.L7.Type);
        Assert.Equal(1234567UL, flow.L7.LatencyNs);
        Assert.Equal("example.com.", flow.L7.Dns.Query);
        Assert.Equal("proxy", flow.L7.Dns.ObservationSource);
        Assert.Equal(["A"], flow.L7.Dns.Qtypes);
        Assert.False(flow.IsReply);
    }

    [Fact]
    public void LowerCamel_names_enum_numbers_and_numeric_int64_are_read_too()
    {
        const string line =
            """{"flow":{"verdict":2,"dropReasonDesc":"POLICY_DENIED","sourceNames":["a.example"],"trafficDirection":1,"isReply":false,"l7":{"latencyNs":42},"socketCookie":"9"},"nodeName":"n1"}""";

        var response = JsonpbFlowReader.ParseLine(line)!;

        Assert.Equal(Verdict.Dropped, response.Flow.Verdict);
        Assert.Equal(DropReason.PolicyDenied, response.Flow.DropReasonDesc);
        Assert.Equal(["a.example"], response.Flow.SourceNames);
        Assert.Equal(TrafficDirection.Ingress, response.Flow.TrafficDirection);
        Assert.Equal(42UL, response.Flow.L7.LatencyNs);
        Assert.Equal(9UL, response.Flow.SocketCookie);
        Assert.Equal("n1", response.NodeName);
    }

    [Fact]
    public void Lost_events_and_unknown_newer_fields_are_accepted()
    {
        const string line =
            """{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"17","cpu":3},"node_name":"n1","time":"2025-04-16T18:50:01Z","some_future_field":{"x":1}}""";

        var response = JsonpbFlowReader.ParseLine(line)!;

        Assert.Equal(GetFlowsResponse.ResponseTypesOneofCase.LostEvents, response.ResponseTypesCase);
        Assert.Equal(LostEventSource.HubbleRingBuffer, response.LostEvents.Source);
        Assert.Equal(17UL, response.LostEvents.NumEventsLost);
        Assert.Equal(3, response.LostEvents.Cpu);
    }

    [Fact]
    public void Legacy_json_flow_only_lines_are_wrapped_with_node_and_time()
    {
        const string line = """{"time":"2025-04-16T18:50:02Z","verdict":"DROPPED","node_name":"kind-worker","drop_reason_desc":133}""";

        var response = JsonpbFlowReader.ParseLine(line)!;

        Assert.Equal(DropReason.PolicyDenied, response.Flow.DropReasonDesc);
        Assert.Equal("kind-worker", response.NodeName);
        Assert.Equal(response.Flow.Time, response.Time);
    }

    [Fact]
    public void A_file_yields_one_response_per_line_and_skips_blank_lines_and_agent_events()
    {
        var file = string.Join('\n', TraceLine, "", DnsLine, """{"agent_event":{"type":"AGENT_STARTED"},"node_name":"n1"}""", "");

        var responses = JsonpbFlowReader.Read(new StringReader(file)).ToList();

        Assert.Equal(2, responses.Count);
        Assert.Equal("kind-worker", responses[1].NodeName);
    }

    [Fact]
    public async Task Async_reading_gives_the_same_responses()
    {
        var file = TraceLine + "\n" + DnsLine + "\n";

        var responses = new List<GetFlowsResponse>();
        await foreach (var response in JsonpbFlowReader.ReadAsync(new StringReader(file)))
        {
            responses.Add(response);
        }

        Assert.Equal(JsonpbFlowReader.Read(new StringReader(file)), responses);
    }

    [Theory]
    [InlineData("Apr 16 18:49:59.450: default/x (ID:1) -> world FORWARDED", "expected one JSON object per line")]
    [InlineData("""{"flow":{"verdict":"FORWARDED"}""", "line 2: invalid JSON")]
    [InlineData("""{"flow":{"time":"yesterday"}}""", "line 2:")]
    public void Bad_lines_name_the_line_number(string badLine, string message)
    {
        var file = TraceLine + "\n" + badLine + "\n";

        var error = Assert.Throws<JsonpbImportException>(() => JsonpbFlowReader.Read(new StringReader(file)).ToList());

        Assert.Equal(2, error.LineNumber);
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }
}
