using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Import;
using NetObs.History.Tests.Server;

namespace NetObs.History.Tests.Import;

/// <summary>The importer's fast jsonpb reader decides every line exactly as Google.Protobuf's JsonParser does, or leaves it to JsonParser.</summary>
public sealed class Utf8JsonpbParserTests
{
    private static readonly JsonParser Reference = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(true));
    private static readonly JsonFormatter ProtoNames = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private static readonly JsonFormatter CamelNames = new(JsonFormatter.Settings.Default.WithFormatEnumsAsIntegers(true));
    private readonly Utf8JsonpbParser _parser = new(GetFlowsResponse.Descriptor);

    [Fact]
    public void Every_scenario_flow_as_the_exporter_and_the_cli_write_it_is_read_fast_and_equals_JsonParser()
    {
        var flows = ScenarioFlows.Generate(3000, cluster: "c1");
        var lines = flows.Select(f => new ExportEvent { Flow = f, NodeName = f.NodeName, Time = f.Time })
            .SelectMany(e => new[] { ProtoNames.Format(e), CamelNames.Format(e) })
            .ToList();

        foreach (var line in lines)
        {
            var fast = _parser.TryParse(line);

            Assert.NotNull(fast);
            var expected = Reference.Parse<GetFlowsResponse>(line);
            Assert.Equal(expected, fast);
            Assert.Equal(expected.ToByteArray(), fast.ToByteArray());
        }
    }

    [Theory]
    [InlineData("""{"flow":{"verdict":2,"drop_reason_desc":"POLICY_DENIED","is_reply":true,"l4":{"TCP":{"source_port":"8080","destination_port":443}},"source":{"identity":"42","labels":["k8s:app=a"]}},"node_name":"n"}""")]
    [InlineData("""{"flow":{"time":"2025-04-16T18:49:59Z","l7":{"latencyNs":"18446744073709551615","dns":{"qtypes":["A","AAAA"]}},"socketCookie":123456789012345},"nodeName":"c/n","future":{"a":[1,{"b":null}]}}""")]
    [InlineData("""{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"17","cpu":3},"node_name":"n1","time":"2025-04-16T18:50:01.5Z"}""")]
    [InlineData("""  {"flow":{"time":"2025-04-16T18:49:59.000000001Z","event_type":{"type":-1,"sub_type":4}}}	""")]
    public void Hand_written_variants_equal_JsonParser(string line)
    {
        var fast = _parser.TryParse(line);

        Assert.NotNull(fast);
        Assert.Equal(Reference.Parse<GetFlowsResponse>(line), fast);
    }

    [Theory]
    [InlineData("""{"flow":{"verdict":null}}""")]
    [InlineData("""{"flow":{"verdict":"FORWARDED","verdict":"DROPPED"}}""")]
    [InlineData("""{"flow":{},"lost_events":{}}""")]
    [InlineData("""{"flow":{"time":"2025-04-16T18:49:59+02:00"}}""")]
    [InlineData("""{"flow":{"time":"2025-02-30T18:49:59Z"}}""")]
    [InlineData("""{"flow":{"socket_cookie":1234567890123456}}""")]
    [InlineData("""{"flow":{"socket_cookie":1.5}}""")]
    [InlineData("""{"flow":{"socket_cookie":"01"}}""")]
    [InlineData("""{"flow":{"verdict":"NOT_A_VERDICT"}}""")]
    [InlineData("""{"flow":{"extensions":{"@type":"type.googleapis.com/x"}}}""")]
    [InlineData("""{"flow":{"source":{"ID":-1}}}""")]
    [InlineData("""{"flow":{}} {}""")]
    [InlineData("""{"flow":{"verdict":"FORWARDED"}""")]
    [InlineData("""["flow"]""")]
    public void Lines_it_does_not_decide_exactly_as_JsonParser_are_left_to_JsonParser(string line)
    {
        Assert.Null(_parser.TryParse(line));
    }

    [Fact]
    public void The_classifier_reads_a_flow_line_fast_and_completes_it_as_the_plugin_reader_does()
    {
        const string line = """{"flow":{"time":"2025-04-16T18:49:59.5Z","node_name":"c1/n1","verdict":"DROPPED"}}""";

        var (response, skipped) = FlowLineClassifier.Classify(line, 1);

        Assert.Null(skipped);
        Assert.Equal(NetObs.Hubble.Import.JsonpbFlowReader.ParseLine(line), response);
        Assert.Equal("c1/n1", response!.NodeName);
        Assert.Equal(response.Flow.Time, response.Time);
    }
}
