using System.Collections;
using System.Globalization;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Following;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The DuckDB store reads its columns from each flow's bytes (FlowWireReader), not from the parsed message; these
/// tests hold every stored column equal to what <see cref="FlowColumns"/> reads from the message Google.Protobuf parses
/// from the same bytes, over every scenario's flows and over wire-format edge cases generated code never writes.
/// </summary>
public sealed class WireColumnsDifferentialTests
{
    private const string Cluster = "wire";

    // Flow field numbers (flow.proto): the cases below write bytes by hand, so they name the numbers they use.
    private const int Time = 1, Verdict = 2, Ip = 5, L4 = 6, Source = 8, Destination = 9, NodeName = 11, SourceNames = 13, DestinationNames = 14;
    private const int L7 = 15, EventType = 19, TrafficDirection = 22, DropReasonDesc = 25, IsReply = 26, Interface = 28;
    private const int EgressAllowedBy = 21001, IngressAllowedBy = 21002, EgressDeniedBy = 21004, IngressDeniedBy = 21005;

    [Fact]
    public async Task Every_column_read_from_the_bytes_equals_the_parsed_flows_value_for_every_scenario_flow()
    {
        // Queued as the follower queues them: bytes only, parsed by nobody before the store.
        var flows = ScenarioFlows.All.Select(f => new StoredFlow(f.Cluster, f.Node, f.TimeNs, f.Original)).ToList();

        await AssertColumnsEqualAsync(flows);

        // The corpus must reach the columns the reader handles specially, or equality proves little.
        var parsed = ScenarioFlows.All.Select(f => f.Flow).ToList();
        Assert.Contains(parsed, f => f.L7?.Http is { Url.Length: > 0 });
        Assert.Contains(parsed, f => f.L7?.Dns?.Qtypes.Count > 0);
        Assert.Contains(parsed, f => f.IngressAllowedBy.Count + f.EgressAllowedBy.Count > 0);
        Assert.Contains(parsed, f => f.IngressDeniedBy.Count + f.EgressDeniedBy.Count + f.EgressAllowedBy.Count > 0);
        Assert.Contains(parsed, f => f.Source?.Workloads.Count > 0 && f.Source.Labels.Count > 0);
        Assert.Contains(parsed, f => f.IsReply is null);
        Assert.Contains(parsed, f => f.L4?.TCP?.Flags is not null);
    }

    [Fact]
    public async Task Wire_format_edge_cases_store_the_values_google_protobuf_reads()
    {
        var flows = EdgeCases().Select((bytes, i) => new StoredFlow(Cluster, "node", 1_000 + i, bytes)).ToList();

        // Every case is a flow Google.Protobuf reads; the comparison below is against what it reads.
        foreach (var flow in flows)
        {
            _ = flow.Flow;
        }

        await AssertColumnsEqualAsync(flows);
    }

    [Fact]
    public void The_follower_reads_node_and_time_from_the_bytes_as_from_the_parsed_response()
    {
        var cases = new (WireMessage Flow, WireMessage Response)[]
        {
            (new WireMessage().Text(NodeName, "flow-node").Message(Time, Timestamp(5, 7)), new WireMessage().Text(1000, "response-node").Message(1001, Timestamp(9, 9))),
            (new WireMessage(), new WireMessage().Text(1000, "response-node").Message(1001, Timestamp(9, 9))),
            (new WireMessage().Text(NodeName, string.Empty).Message(Time, new WireMessage()), new WireMessage().Text(1000, "r")),
            (new WireMessage().Message(Time, Timestamp(5, 0)).Message(Time, new WireMessage().Varint(2, 3)), new WireMessage()),
            (new WireMessage().Message(Time, Timestamp(5, 1)).Message(Time, new WireMessage().Varint(1, 0)), new WireMessage().Message(1001, Timestamp(1, 1))),
            (new WireMessage().Text(NodeName, "a").Text(NodeName, "b"), new WireMessage().Text(1000, "c").Text(1000, "d")),
            (new WireMessage().Message(Time, Timestamp(ulong.MaxValue, ulong.MaxValue)), new WireMessage()),
        };

        foreach (var (flow, response) in cases)
        {
            var payload = new WireMessage().Message(1, flow).Bytes(response.ToArray()).ToArray();
            var read = RelayResponseReader.Read(payload);
            var parsed = new RelayResponse(GetFlowsResponse.Parser.ParseFrom(payload), ReadOnlyMemory<byte>.Empty);

            Assert.Null(read.Flow!.Parsed);
            Assert.Equal((parsed.Flow!.Node, parsed.Flow.TimeNs), (read.Flow.Node, read.Flow.TimeNs));
            Assert.Equal(flow.ToArray(), read.FlowBytes.ToArray());
        }
    }

    [Fact]
    public void A_flow_is_refused_exactly_when_google_protobuf_refuses_it()
    {
        var valid = ScenarioFlows.All[0].Original.ToArray();
        var cases = new List<byte[]>
        {
            // Broken inside a sub-message the columns never read (interface) and inside one they read (source).
            After(valid, new WireMessage().Field(Interface, [0x0A, 0x05, 0x01]).ToArray()),
            After(valid, new WireMessage().Field(Source, [0x1A, 0x09]).ToArray()),
            After(valid, new WireMessage().Field(Source, [0x38]).ToArray()),

            // A tag of field 0, wire types 6 and 7, an end-group tag with no group, a group that does not end or ends as another.
            After(valid, [0x00, 0x01]),
            After(valid, [0xF6, 0x01]),
            After(valid, [0xFF, 0x01]),
            After(valid, [0x0C]),
            After(valid, [0xF3, 0x01]),
            After(valid, new WireMessage().Group(30, new WireMessage().Varint(1, 1)).ToArray()),
            After(valid, [0xF3, 0x01, 0x08, 0x01, 0xFC, 0x02]),

            // A varint of eleven bytes, a length past the end, a truncated fixed64.
            After(valid, [0x10, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01]),
            After(valid, [0x5A, 0x7F, 0x61]),
            After(valid, [0xF9, 0x01, 0x01, 0x02]),

            // Strings that are not UTF-8 (Google.Protobuf refuses them), in a column and outside the columns.
            After(valid, new WireMessage().Message(Source, new WireMessage().Field(5, [0xC3, 0x28])).ToArray()),
            After(valid, new WireMessage().Field(34, [0xFF, 0xFE]).ToArray()),

            // Unknown fields of every wire type, and a group nested in a group: valid.
            After(valid, new WireMessage().Varint(9999, 7).Fixed32(9998, 1).Fixed64(9997, 2).Field(9996, [1, 2, 3]).Group(9995, new WireMessage().Group(4, new WireMessage().Varint(1, 1))).ToArray()),
        };

        foreach (var flow in cases)
        {
            var payload = new WireMessage().Field(1, flow).Text(1000, "node").ToArray();
            bool googleReads;
            try
            {
                _ = GetFlowsResponse.Parser.ParseFrom(payload);
                googleReads = true;
            }
            catch (InvalidProtocolBufferException)
            {
                googleReads = false;
            }

            var read = RelayResponseReader.Read(payload);

            Assert.True(googleReads == (read.Problem is null), $"{Convert.ToHexString(flow[valid.Length..])}: Google.Protobuf {(googleReads ? "reads" : "refuses")} it, the reader says {read.Problem ?? "nothing"}");
            if (googleReads)
            {
                Assert.Equal(flow, read.FlowBytes.ToArray());
                Assert.Equal(GetFlowsResponse.Parser.ParseFrom(payload).Flow, read.Response!.Flow);
            }
        }
    }

    /// <summary>Stores the flows and compares every column but the original with FlowColumns' value of the parsed flow.</summary>
    private static async Task AssertColumnsEqualAsync(IReadOnlyList<StoredFlow> flows)
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        await temp.Store.AppendAsync(flows, CancellationToken.None);
        var columns = FlowColumns.All.Where(c => c != FlowColumns.Original).ToList();
        var rows = new List<object?[]>();
        await foreach (var row in temp.Store.QueryRowsAsync($"SELECT {string.Join(", ", columns.Select(c => $"{DuckDbLabelSetIndex.ValueSql(c.Name)} AS {c.Name}"))} FROM flows ORDER BY rowid", CancellationToken.None))
        {
            rows.Add(row);
        }

        Assert.Equal(flows.Count, rows.Count);
        for (var i = 0; i < flows.Count; i++)
        {
            for (var c = 0; c < columns.Count; c++)
            {
                var expected = Format(Read(columns[c], flows[i]));
                var actual = Format(rows[i][c]);
                Assert.True(expected == actual, $"flow {i} ({Convert.ToHexString(flows[i].Original.Span)}), column {columns[c].Name}: FlowColumns reads {expected}, the store holds {actual}");
            }
        }
    }

    private static object? Read(FlowColumn column, StoredFlow flow) => column switch
    {
        FlowColumn<long> c => c.Read(flow),
        FlowColumn<DateOnly> c => c.Read(flow),
        FlowColumn<string> c => c.Read(flow),
        FlowColumn<byte> c => c.Read(flow),
        FlowColumn<sbyte> c => c.Read(flow),
        FlowColumn<ushort> c => c.Read(flow),
        FlowColumn<short> c => c.Read(flow),
        FlowColumn<int> c => c.Read(flow),
        FlowColumn<uint> c => c.Read(flow),
        FlowColumn<ulong> c => c.Read(flow),
        FlowColumn<IReadOnlyList<string>> c => c.Read(flow),
        _ => throw new InvalidOperationException($"column {column.Name} has a type this test does not read"),
    };

    private static string Format(object? value) => value switch
    {
        null => "NULL",
        string s => "'" + s + "'",
        DateOnly d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        DateTime d => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        IEnumerable items => "[" + string.Join(", ", items.Cast<object?>().Select(Format)) + "]",
        IFormattable number => number.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };

    private static byte[] After(byte[] valid, byte[] more) => [.. valid, .. more];

    private static WireMessage Timestamp(ulong seconds, ulong nanos) => new WireMessage().Varint(1, seconds).Varint(2, nanos);

    private static WireMessage Policy(string? ns, string name)
    {
        var policy = new WireMessage().Text(1, name);
        return ns is null ? policy : policy.Text(2, ns);
    }

    private static WireMessage Endpoint(string ns, string pod, params string[] labels)
    {
        var endpoint = new WireMessage().Varint(2, 4242).Text(3, ns).Text(5, pod).Text(7, "cluster-" + ns);
        foreach (var label in labels)
        {
            endpoint.Text(4, label);
        }

        return endpoint.Message(6, new WireMessage().Text(1, pod + "-deploy").Text(2, "Deployment"));
    }

    private static WireMessage Http(string url) => new WireMessage().Varint(1, 200).Text(2, "GET").Text(3, url);

    /// <summary>Flows generated code never writes, each aimed at one rule of protobuf parsing or of a column.</summary>
    internal static IEnumerable<byte[]> EdgeCases()
    {
        // Empty flow, and every sub-message present but empty: l4/l7 present changes tcp_flags/l7_type defaults.
        yield return [];
        yield return new WireMessage().Message(Ip, new()).Message(L4, new()).Message(Source, new()).Message(Destination, new()).Message(L7, new()).Message(EventType, new()).ToArray();

        // is_reply: absent, empty (false), true, true then empty (stays true), empty then true, true then explicit false (stays true), false inside twice (last wins).
        yield return new WireMessage().Message(IsReply, new()).ToArray();
        yield return new WireMessage().Message(IsReply, new WireMessage().Varint(1, 1)).ToArray();
        yield return new WireMessage().Message(IsReply, new WireMessage().Varint(1, 1)).Message(IsReply, new()).ToArray();
        yield return new WireMessage().Message(IsReply, new()).Message(IsReply, new WireMessage().Varint(1, 1)).ToArray();
        yield return new WireMessage().Message(IsReply, new WireMessage().Varint(1, 1)).Message(IsReply, new WireMessage().Varint(1, 0)).ToArray();
        yield return new WireMessage().Message(IsReply, new WireMessage().Varint(1, 1).Varint(1, 0)).ToArray();
        yield return new WireMessage().Message(IsReply, new WireMessage().Field(1, [1]).Varint(2, 1)).ToArray();

        // Scalars: last one wins, wide varints truncate as the generated code does, a scalar in another wire type is unknown.
        yield return new WireMessage().Varint(Verdict, 1).Varint(Verdict, 2).Varint(TrafficDirection, 0x1FF).Varint(DropReasonDesc, 0x1_0000_0085).ToArray();
        yield return new WireMessage().Field(Verdict, [1]).Fixed32(TrafficDirection, 1).Message(EventType, new WireMessage().Varint(1, unchecked((ulong)-5L)).Varint(2, 0xFFFF_FFFF_FFFF)).ToArray();

        // Message fields merge: IP in two parts, an endpoint in two parts with labels in both; names interleaved.
        yield return new WireMessage().Message(Ip, new WireMessage().Text(1, "10.0.0.1").Varint(3, 1)).Message(Ip, new WireMessage().Text(2, "10.0.0.2")).ToArray();
        yield return new WireMessage().Message(Source, Endpoint("a", "pod-a", "k8s:app=a", "k8s:x=y")).Message(Source, new WireMessage().Text(4, "k8s:later=1").Text(3, "b"))
            .Text(SourceNames, "a.example.").Text(DestinationNames, "b.example.").Text(SourceNames, "c.example.").Message(Destination, Endpoint("ns", "pod")).ToArray();

        // Layer4 oneof: TCP then UDP replaces it; TCP, UDP, TCP is a fresh TCP; TCP twice merges; ICMP has no ports.
        var tcp = new WireMessage().Varint(1, 1234).Varint(2, 80).Message(3, new WireMessage().Varint(2, 1).Varint(5, 1));
        yield return new WireMessage().Message(L4, new WireMessage().Message(1, tcp)).Message(L4, new WireMessage().Message(2, new WireMessage().Varint(1, 53))).ToArray();
        yield return new WireMessage().Message(L4, new WireMessage().Message(1, tcp).Message(2, new WireMessage().Varint(2, 53)).Message(1, new WireMessage().Varint(1, 9))).ToArray();
        yield return new WireMessage().Message(L4, new WireMessage().Message(1, tcp)).Message(L4, new WireMessage().Message(1, new WireMessage().Varint(2, 0x1_0050).Message(3, new WireMessage().Varint(2, 0).Varint(9, 1)))).ToArray();
        yield return new WireMessage().Message(L4, new WireMessage().Message(1, new WireMessage().Message(3, new()))).ToArray();
        yield return new WireMessage().Message(L4, new WireMessage().Message(3, new WireMessage().Varint(1, 8))).ToArray();
        yield return new WireMessage().Message(L4, new WireMessage().Message(5, new WireMessage().Varint(1, 5).Varint(2, 6))).ToArray();

        // Layer7 oneof: DNS then HTTP replaces it; DNS twice merges (qtypes accumulate); Kafka.
        var dns = new WireMessage().Text(1, "example.com.").Varint(6, 3).Text(7, "A");
        yield return new WireMessage().Message(L7, new WireMessage().Varint(1, 2).Varint(2, 777).Message(100, dns)).Message(L7, new WireMessage().Message(101, Http("http://h/p"))).ToArray();
        yield return new WireMessage().Message(L7, new WireMessage().Message(100, dns).Message(100, new WireMessage().Text(7, "AAAA"))).ToArray();
        yield return new WireMessage().Message(L7, new WireMessage().Message(100, dns).Message(101, Http("/x")).Message(100, new WireMessage().Text(7, "MX"))).ToArray();
        yield return new WireMessage().Message(L7, new WireMessage().Varint(1, 1).Message(102, new WireMessage().Varint(1, unchecked((ulong)-1L)).Text(3, "produce").Text(5, "orders"))).ToArray();

        // HTTP paths: scheme and host, host only, no scheme, query and fragment, empty, non-ASCII.
        foreach (var url in new[] { "http://h/a/b?q=1#f", "http://h", "https://h:8443", "/just/a/path?x", "relative#frag", string.Empty, "ftp://x/y/z", "http://h/ü/ß?é", "://odd/", "?q" })
        {
            yield return new WireMessage().Message(L7, new WireMessage().Message(101, Http(url))).ToArray();
        }

        // Policies: with and without a namespace, ingress before egress whatever the wire order, empty strings.
        yield return new WireMessage().Message(EgressAllowedBy, Policy("ns-e", "allow-e")).Message(IngressAllowedBy, Policy(null, "allow-i"))
            .Message(IngressAllowedBy, Policy("ns-i", "allow-i2")).Message(EgressDeniedBy, Policy(string.Empty, "deny-e")).Message(IngressDeniedBy, Policy("ns", string.Empty)).ToArray();
        yield return new WireMessage().Message(IngressAllowedBy, new WireMessage().Text(1, "first").Text(1, "second").Text(2, "ns").Varint(4, 3).Text(3, "label")).ToArray();

        // Unknown fields of every wire type, at the top and inside column messages; a known message in a scalar's wire type.
        yield return new WireMessage().Varint(9999, 7).Fixed32(9998, 1).Fixed64(9997, 2).Field(9996, [1, 2, 3]).Group(9995, new WireMessage().Varint(1, 1))
            .Message(Source, new WireMessage().Varint(99, 1).Group(98, new()).Text(3, "ns")).Varint(Ip, 5).Message(L7, new WireMessage().Fixed64(50, 1).Message(101, Http("/u"))).ToArray();
    }
}
