using System.Text;
using Cilium.Flow;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The writer reads each flow's columns from its bytes (FlowWireReader, as the DuckDB store does); these tests hold its
/// rows byte for byte equal to writing every <see cref="FlowColumns.All"/> value of the parsed flow (<see cref="FlowColumnsRows"/>).
/// </summary>
public sealed class ClickHouseRowWriterTests
{
    // Every character TabSeparated escapes (tab, newline, carriage return, backslash, NUL, and the quote inside arrays),
    // with UTF-8 of two, three and four bytes.
    private const string Hostile = "a\tb\nc\rd\\e\0f'g ü 日本 🚀";

    [Fact]
    public void Rows_read_from_the_bytes_equal_those_written_from_FlowColumns_for_every_scenario_flow()
    {
        // As the follower queues them: bytes only, parsed by nobody before the store.
        var queued = ScenarioFlows.All.Select(f => new StoredFlow(f.Cluster, f.Node, f.TimeNs, f.Original)).ToList();

        var written = new ClickHouseRowWriter().Write(queued).ToArray();

        Assert.Equal(queued.Count, written.Count(b => b == (byte)'\n'));
        AssertSameRows(FlowColumnsRows.Write(queued), written);
        Assert.All(queued, f => Assert.False(f.HoldsParsed, "the writer does not parse the batch's flows"));

        // The corpus must reach the values the writer derives, or equality proves little.
        var parsed = ScenarioFlows.All.Select(f => f.Flow).ToList();
        Assert.Contains(parsed, f => f.L7 is null);
        Assert.Contains(parsed, f => f.L7?.Http is { Url.Length: > 0 });
        Assert.Contains(parsed, f => f.L7?.Dns?.Qtypes.Count > 0);
        Assert.Contains(parsed, f => f.IngressAllowedBy.Count + f.EgressAllowedBy.Count > 0);
        Assert.Contains(parsed, f => f.Source?.Workloads.Count > 0 && f.Source.Labels.Count > 0);
        Assert.Contains(parsed, f => f.DestinationNames.Count > 0);
        Assert.Contains(parsed, f => f.IsReply is null);
    }

    [Fact]
    public void Rows_of_flows_with_escaped_characters_empty_strings_and_many_workloads_equal_those_written_from_FlowColumns()
    {
        var flows = new List<StoredFlow>();
        foreach (var (flow, i) in EdgeFlows().Select((f, i) => (f, i)))
        {
            var bytes = flow.ToByteArray();

            // Cluster and node come with the flow, not in its bytes: hostile and empty ones too.
            flows.Add(new StoredFlow(i % 2 == 0 ? Hostile : "sim", i % 3 == 0 ? string.Empty : "node-" + Hostile, StoredFlow.TimeOf(flow), bytes));
            flows.Add(StoredFlow.From("sim", flow));
        }

        var written = new ClickHouseRowWriter().Write(flows).ToArray();

        AssertSameRows(FlowColumnsRows.Write(flows), written);
        var text = Encoding.UTF8.GetString(written);
        Assert.Contains("a\\tb\\nc\\rd\\\\e\\0f'g ü 日本 🚀", text, StringComparison.Ordinal);
        Assert.Contains("'a\\tb\\nc\\rd\\\\e\\0f\\'g ü 日本 🚀'", text, StringComparison.Ordinal);
        Assert.Contains("\t255\t", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Rows_of_wire_format_edge_cases_equal_those_written_from_the_flow_google_protobuf_reads()
    {
        var flows = WireColumnsDifferentialTests.EdgeCases().Select((bytes, i) => new StoredFlow("wire", "node", 1_000 + i, bytes)).ToList();

        AssertSameRows(FlowColumnsRows.Write(flows), new ClickHouseRowWriter().Write(flows).ToArray());
    }

    [Fact]
    public void A_flow_whose_bytes_the_wire_reader_refuses_is_written_from_its_parsed_message_with_the_bytes_it_came_with()
    {
        // The wire reader refuses little that Google.Protobuf reads, so the fallback is reached with a parsed flow whose
        // original ends in an end-group tag outside any group: the values come from the message, the flow column from the bytes.
        var source = StoredFlow.From("sim", EdgeFlows().First(f => f.IngressAllowedBy.Count > 0));
        byte[] refused = [.. source.Original.ToArray(), 0x0C];
        var stored = new StoredFlow(source.Cluster, source.Node, source.TimeNs, source.Flow, refused);

        var written = new ClickHouseRowWriter().Write([stored]).ToArray();

        AssertSameRows(FlowColumnsRows.Write([stored]), written);
        Assert.NotEqual(new ClickHouseRowWriter().Write([source]).ToArray(), written);
    }

    [Fact]
    public void A_flow_parsed_for_one_use_carries_the_message_of_its_bytes_and_leaves_the_original_as_it_was()
    {
        var source = ScenarioFlows.All[0];
        var queued = new StoredFlow(source.Cluster, source.Node, source.TimeNs, source.Flow.ToByteArray());

        var once = queued.ParsedForOneUse();

        Assert.True(once.HoldsParsed);
        Assert.Equal(source.Flow, once.Flow);
        Assert.Equal(queued.Original.ToArray(), once.Original.ToArray());
        Assert.False(queued.HoldsParsed);
        Assert.Same(source, source.ParsedForOneUse());
    }

    [Fact]
    public void A_writer_used_for_a_large_batch_then_a_small_one_writes_only_the_small_ones_rows()
    {
        // The store keeps one writer for every batch, so its buffer must start empty each time.
        var writer = new ClickHouseRowWriter();
        var large = ScenarioFlows.All.Take(300).ToList();
        var small = ScenarioFlows.All.Skip(300).Take(3).ToList();

        writer.Write(large);
        var reused = Encoding.UTF8.GetString(writer.Write(small).Span);

        Assert.Equal(Encoding.UTF8.GetString(new ClickHouseRowWriter().Write(small).Span), reused);
        Assert.Equal(3, reused.Count(c => c == '\n'));
    }

    /// <summary>Compares row by row, so a difference names the row and shows both.</summary>
    private static void AssertSameRows(byte[] expected, byte[] actual)
    {
        var expectedRows = Encoding.UTF8.GetString(expected).Split('\n');
        var actualRows = Encoding.UTF8.GetString(actual).Split('\n');
        Assert.Equal(expectedRows.Length, actualRows.Length);
        for (var i = 0; i < expectedRows.Length; i++)
        {
            Assert.True(expectedRows[i] == actualRows[i], $"row {i}:\nFlowColumns: {expectedRows[i]}\nwriter:      {actualRows[i]}");
        }

        Assert.Equal(expected, actual);
    }

    /// <summary>Flows the scenarios do not produce: no layers at all, an empty L7, hostile and empty strings in every text column.</summary>
    private static IEnumerable<Flow> EdgeFlows()
    {
        var time = Timestamp.FromDateTime(new DateTime(2026, 2, 25, 23, 59, 59, DateTimeKind.Utc));

        // Nothing but a time, then nothing at all (time 0: day 1970-01-01), then an empty L7 layer (l7_type 0, not 255).
        yield return new Flow { Time = time };
        yield return new Flow();
        yield return new Flow { Time = time, L7 = new Layer7(), IsReply = false };

        // Hostile strings everywhere a string column reads, two workloads a side, policies with and without namespace.
        var hostile = new Flow
        {
            Time = time,
            Verdict = Verdict.Dropped,
            IsReply = true,
            IP = new IP { Source = Hostile, Destination = string.Empty, IpVersion = IPVersion.Ipv6 },
            Source = Endpoint(Hostile),
            Destination = Endpoint("dst"),
            L4 = new Layer4 { TCP = new TCP { SourcePort = 1, DestinationPort = 65535, Flags = new TCPFlags { SYN = true, ACK = true } } },
            L7 = new Layer7 { Type = L7FlowType.Response, LatencyNs = ulong.MaxValue, Http = new HTTP { Method = Hostile, Code = 503, Url = "http://h/" + Hostile + "?q=" + Hostile } },
        };
        hostile.SourceNames.Add([Hostile, string.Empty, "b.example."]);
        hostile.DestinationNames.Add(string.Empty);
        hostile.IngressAllowedBy.Add([new Policy { Namespace = Hostile, Name = "allow" }, new Policy { Name = Hostile }]);
        hostile.EgressAllowedBy.Add(new Policy { Namespace = "ns", Name = string.Empty });
        hostile.EgressDeniedBy.Add(new Policy { Name = "deny-" + Hostile });
        hostile.IngressDeniedBy.Add(new Policy());
        yield return hostile;

        var dns = new Flow { Time = time, L7 = new Layer7 { Type = L7FlowType.Request, Dns = new DNS { Query = Hostile + ".", Rcode = 3 } }, L4 = new Layer4 { UDP = new UDP { DestinationPort = 53 } } };
        dns.L7.Dns.Qtypes.Add(["A", Hostile, string.Empty]);
        yield return dns;

        yield return new Flow { Time = time, L7 = new Layer7 { Kafka = new Kafka { Topic = Hostile, ApiKey = string.Empty, ErrorCode = -1 } }, L4 = new Layer4 { ICMPv4 = new ICMPv4 { Type = 8 } } };
        yield return new Flow { Time = time, L7 = new Layer7 { Http = new HTTP { Url = string.Empty } } };
        yield return new Flow { Time = time, L7 = new Layer7 { Http = new HTTP { Url = "relative\\path\t#frag" } } };
    }

    private static Endpoint Endpoint(string name)
    {
        var endpoint = new Endpoint { ClusterName = name, Namespace = name, PodName = string.Empty, Identity = uint.MaxValue };
        endpoint.Labels.Add(["k8s:app=" + name, string.Empty]);
        endpoint.Workloads.Add([new Workload { Name = name, Kind = "Deployment" }, new Workload { Name = string.Empty, Kind = name }, new Workload { Name = "third" }]);
        return endpoint;
    }
}
