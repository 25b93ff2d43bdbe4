using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Apache.Arrow.Types;
using Google.Protobuf;
using Grpc.Core;
using NetObs.Grafana.Protocol.V2;
using NetObs.Simulator.Options;
using NetObs.Testing.Tls;

namespace NetObs.Query.Tests;

/// <summary>The plugin launched as Grafana launches it, talking to the simulator over loopback.</summary>
public sealed class PluginProcessTests : IAsyncLifetime
{
    private SimulatedRelay _relay = null!;
    private PluginProcess _plugin = null!;

    public async Task InitializeAsync()
    {
        _relay = await SimulatedRelay.StartAsync(ScenarioSet.All);
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _relay.DisposeAsync();
    }

    private DataQuery Query(string refId, string json, string queryType = "") => new()
    {
        RefId = refId,
        Json = ByteString.CopyFromUtf8(json),
        QueryType = queryType,
        IntervalMS = 10_000,
        MaxDataPoints = 1000,
        TimeRange = new TimeRange
        {
            FromEpochMS = _relay.Start.AddSeconds(-150).ToUnixTimeMilliseconds(),
            ToEpochMS = _relay.Start.AddSeconds(-30).ToUnixTimeMilliseconds(),
        },
    };

    private async Task<QueryDataResponse> QueryAsync(params DataQuery[] queries)
    {
        var request = new QueryDataRequest { PluginContext = PluginContexts.DataSource(_relay.Address, "{\"timeout\":60}") };
        request.Queries.AddRange(queries);
        return await _plugin.Data.QueryDataAsync(request, deadline: DateTime.UtcNow.AddSeconds(60));
    }

    [Fact]
    public async Task Each_query_type_answers_while_bad_queries_fail_alone_with_precise_errors()
    {
        var response = await QueryAsync(
            Query("A", "{\"queryType\":\"flows\",\"filter\":\"--namespace banking\",\"limit\":50}"),
            Query("B", "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}"),
            Query("C", "{\"queryType\":\"topk\",\"groupBy\":[\"destination_pod\"],\"k\":5}"),
            Query("D", "{\"queryType\":\"servicemap\"}"),
            Query("E", "{\"queryType\":\"status\"}"),
            Query("F", "{\"queryType\":\"flowz\"}"),
            Query("G", "{\"queryType\":\"flows\",\"filter\":\"--namespace pets --podd x\"}"),
            Query("H", "{\"queryType\": \"flows\", "),
            Query("I", "{\"queryType\":\"flows\",\"limit\":-10}"));

        foreach (var good in new[] { "A", "B", "C", "D", "E" })
        {
            var answer = response.Responses[good];
            Assert.True(answer.Error.Length == 0, $"{good}: {answer.Error}");
            Assert.Equal(200, answer.Status);
            Assert.NotEmpty(answer.Frames);
            Assert.All(answer.Frames, f => Assert.Equal(good, ArrowFrameDecoder.Decode(f).RefId));
        }

        Assert.Contains("'flowz'", response.Responses["F"].Error, StringComparison.Ordinal);
        Assert.Contains("did you mean 'flows'", response.Responses["F"].Error, StringComparison.Ordinal);
        Assert.Contains("--podd", response.Responses["G"].Error, StringComparison.Ordinal);
        Assert.Contains("position 17", response.Responses["G"].Error, StringComparison.Ordinal);
        Assert.Contains("not valid JSON", response.Responses["H"].Error, StringComparison.Ordinal);
        Assert.Contains("limit", response.Responses["I"].Error, StringComparison.Ordinal);
        Assert.Contains("-10", response.Responses["I"].Error, StringComparison.Ordinal);
        foreach (var bad in new[] { "F", "G", "H", "I" })
        {
            Assert.Equal(400, response.Responses[bad].Status);
            Assert.Equal("plugin", response.Responses[bad].ErrorSource);
        }
    }

    [Fact]
    public async Task Time_series_frames_satisfy_alerting_multi_frame_rules()
    {
        var response = await QueryAsync(Query("A", "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\",\"source_namespace\"]}"));
        var frames = response.Responses["A"].Frames.Select(ArrowFrameDecoder.Decode).ToList();
        Assert.True(frames.Count > 1);
        var first = frames[0].Meta!.Value;
        Assert.Equal("timeseries-multi", first.GetProperty("type").GetString());
        var version = first.GetProperty("typeVersion").EnumerateArray().Select(v => v.GetUInt32()).ToArray();
        Assert.True(version.Length == 2 && (version[0] != 0 || version[1] != 0), "typeVersion must be non-zero for the dataplane reader");
        var labelSets = new HashSet<string>(StringComparer.Ordinal);
        foreach (var frame in frames)
        {
            Assert.Equal("timeseries-multi", frame.Meta!.Value.GetProperty("type").GetString());
            var time = Assert.Single(frame.Fields, f => f.Type is TimestampType);
            Assert.Equal(TimeUnit.Nanosecond, ((TimestampType)time.Type).Unit);
            Assert.False(time.Nullable);
            var times = time.Values.Cast<DateTimeOffset>().ToList();
            Assert.Equal(times.Order(), times);
            var value = Assert.Single(frame.Fields, f => f.Type is DoubleType);
            Assert.Equal(2, frame.Fields.Count);
            Assert.True(labelSets.Add(JsonSerializer.Serialize(value.Labels!.OrderBy(p => p.Key).ToList())), "each series has a distinct label set");
        }

        // The counts add up to the flows the simulator served in the window.
        var served = await _relay.FlowsAsync(DateTimeOffset.FromUnixTimeMilliseconds(Query("x", "{}").TimeRange.FromEpochMS), DateTimeOffset.FromUnixTimeMilliseconds(Query("x", "{}").TimeRange.ToEpochMS));
        Assert.Equal(served.Count, frames.Sum(f => f.Fields[1].Values.Sum(v => (double)v!)));
    }

    [Fact]
    public async Task Flows_frame_reads_as_logs_and_as_a_table()
    {
        var response = await QueryAsync(Query("A", "{\"queryType\":\"flows\",\"filter\":\"--verdict DROPPED\",\"limit\":20}"));
        var frame = ArrowFrameDecoder.Decode(Assert.Single(response.Responses["A"].Frames));
        Assert.Equal("log-lines", frame.Meta!.Value.GetProperty("type").GetString());
        Assert.Equal("logs", frame.Meta.Value.GetProperty("preferredVisualisationType").GetString());
        Assert.StartsWith("hubble observe --since ", frame.Meta.Value.GetProperty("executedQueryString").GetString(), StringComparison.Ordinal);
        Assert.Equal(["timestamp", "body", "severity", "id", "labels"], frame.Fields.Take(5).Select(f => f.Name));
        Assert.IsType<BinaryType>(frame.Field("labels").Type);
        Assert.Equal(20, frame.RowCount);
        Assert.All(frame.Field("severity").Values, s => Assert.Equal("error", s));
        Assert.All(frame.Field("verdict").Values, s => Assert.Equal("DROPPED", s));
        Assert.All(frame.Field("body").Values, b => Assert.Contains(" DROPPED (", (string)b!, StringComparison.Ordinal));
        Assert.Contains(frame.Field("policies_denied").Values, p => ((string)p!).Length > 0);
        Assert.Contains(frame.Meta.Value.GetProperty("notices").EnumerateArray(), n => n.GetProperty("text").GetString()!.Contains("newest 20", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_map_frames_are_node_graph_nodes_and_edges()
    {
        var response = await QueryAsync(Query("A", "{\"queryType\":\"servicemap\"}"));
        var frames = response.Responses["A"].Frames.Select(ArrowFrameDecoder.Decode).ToList();
        var nodes = frames.Single(f => f.Name == "nodes");
        var edges = frames.Single(f => f.Name == "edges");
        Assert.Equal("nodeGraph", nodes.Meta!.Value.GetProperty("preferredVisualisationType").GetString());
        Assert.Equal("nodeGraph", edges.Meta!.Value.GetProperty("preferredVisualisationType").GetString());
        for (var row = 0; row < nodes.RowCount; row++)
        {
            var sum = nodes.Fields.Where(f => f.Name.StartsWith("arc__", StringComparison.Ordinal)).Sum(f => (double)f.Values[row]!);
            Assert.Equal(1.0, sum, 9);
        }

        var ids = nodes.Field("id").Values.Cast<string>().ToHashSet();
        Assert.All(edges.Field("source").Values, s => Assert.Contains((string)s!, ids));
        Assert.All(edges.Field("target").Values, t => Assert.Contains((string)t!, ids));
        var row2 = edges.Field("id").Values.ToList().IndexOf("banking/web-frontend->banking/accounts-api");
        Assert.True(row2 >= 0);
        var window = Query("x", "{}").TimeRange;
        var served = (await _relay.FlowsAsync(DateTimeOffset.FromUnixTimeMilliseconds(window.FromEpochMS), DateTimeOffset.FromUnixTimeMilliseconds(window.ToEpochMS)))
            .Where(f => f.Source?.PodName.StartsWith("web-frontend", StringComparison.Ordinal) == true && f.Destination?.PodName.StartsWith("accounts-api", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(served.Count(f => f.Verdict == Cilium.Flow.Verdict.Dropped) / (double)served.Count, (double)edges.Field("detail__drop_ratio").Values[row2]!, 9);
        Assert.Equal("red", edges.Field("color").Values[row2]);
    }

    [Fact]
    public async Task Health_is_ok_and_names_the_relay_version_nodes_and_buffer()
    {
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = PluginContexts.DataSource(_relay.Address) });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, health.Status);
        Assert.Contains("3 node(s) connected", health.Message, StringComparison.Ordinal);
        Assert.Contains("flows in buffer", health.Message, StringComparison.Ordinal);
        using var details = JsonDocument.Parse(health.JsonDetails.ToStringUtf8());
        Assert.Equal(JsonValueKind.Object, details.RootElement.ValueKind);
    }

    [Fact]
    public async Task Health_says_connection_refused_for_a_closed_port()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = PluginContexts.DataSource($"127.0.0.1:{port}", uid: "refused") });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, health.Status);
        Assert.Contains("connection refused", health.Message, StringComparison.Ordinal);
        Assert.Contains($"127.0.0.1:{port}", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_says_timeout_when_the_relay_never_answers()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        _ = Task.Run(async () =>
        {
            while (true)
            {
                accepted.Add(await silent.AcceptTcpClientAsync());
            }
        });
        var address = silent.LocalEndpoint.ToString()!;
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = PluginContexts.DataSource(address, "{\"timeout\":2}", uid: "silent") });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, health.Status);
        Assert.Contains("did not answer within 2s", health.Message, StringComparison.Ordinal);
        Assert.Contains("timeout", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_says_tls_verification_failed_with_the_wrong_ca()
    {
        using var serverCa = new TestCertificates("Relay CA");
        using var otherCa = new TestCertificates("Some Other CA");
        await using var tlsRelay = await SimulatedRelay.StartAsync(ScenarioSet.Background, certFile: serverCa.ServerCertificateFile, keyFile: serverCa.ServerKeyFile);
        var json = "{\"tlsAuthWithCACert\":true,\"serverName\":\"instance.hubble-relay.cilium.io\",\"timeout\":5}";

        var wrong = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest
        {
            PluginContext = PluginContexts.DataSource($"tls://{tlsRelay.Address}", json, new Dictionary<string, string> { ["tlsCACert"] = otherCa.CaPem }, uid: "wrong-ca"),
        });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, wrong.Status);
        Assert.Contains("TLS verification failed", wrong.Message, StringComparison.Ordinal);
        Assert.Contains("not signed by the configured tlsCACert", wrong.Message, StringComparison.Ordinal);

        var right = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest
        {
            PluginContext = PluginContexts.DataSource($"tls://{tlsRelay.Address}", json, new Dictionary<string, string> { ["tlsCACert"] = serverCa.CaPem }, uid: "right-ca"),
        });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, right.Status);
    }

    [Fact]
    public async Task Health_names_the_ca_setting_when_its_pem_holds_no_certificate()
    {
        var context = PluginContexts.DataSource(
            "tls://127.0.0.1:4245",
            "{\"tlsAuthWithCACert\":true}",
            new Dictionary<string, string> { ["tlsCACert"] = "-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----" },
            uid: "garbled-ca");

        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });

        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, health.Status);
        Assert.Contains("secureJsonData: tlsCACert is not a PEM certificate bundle", health.Message, StringComparison.Ordinal);
        Assert.Contains("paste the relay CA's ca.crt", health.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Parameter", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Invalid_settings_fail_health_and_every_query_naming_the_setting()
    {
        var context = PluginContexts.DataSource("hubble-relay", "{\"timeout\":\"soon\"}", uid: "invalid");
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, health.Status);
        Assert.Contains("url", health.Message, StringComparison.Ordinal);
        Assert.Contains("jsonData.timeout", health.Message, StringComparison.Ordinal);
        var request = new QueryDataRequest { PluginContext = context };
        request.Queries.Add(Query("A", "{}"));
        var response = await _plugin.Data.QueryDataAsync(request);
        Assert.Contains("jsonData.timeout", response.Responses["A"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Resources_answer_variables_and_validate()
    {
        var namespaces = await ResourceAsync("namespaces", "GET");
        var served = (await _relay.Client.GetNamespacesAsync(new Cilium.Observer.GetNamespacesRequest())).Namespaces.Select(n => n.Namespace_).Distinct().Order(StringComparer.Ordinal);
        Assert.Equal(served, namespaces.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));

        var verdicts = await ResourceAsync("verdicts", "GET");
        Assert.Contains("DROPPED", verdicts.RootElement.GetProperty("values").EnumerateArray().Select(v => v.GetString()));

        var valid = await ResourceAsync("validate", "POST", "{\"filter\":\"--namespace pets --verdict DROPPED\"}");
        Assert.True(valid.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(2, valid.RootElement.GetProperty("allowlist").GetArrayLength());
        Assert.Equal("pets/", valid.RootElement.GetProperty("allowlist")[0].GetProperty("source_pod")[0].GetString());

        var invalid = await ResourceAsync("validate", "POST", "{\"filter\":\"--namespace pets --podd x\"}");
        Assert.False(invalid.RootElement.GetProperty("valid").GetBoolean());
        Assert.Equal(17, invalid.RootElement.GetProperty("error").GetProperty("position").GetInt32());
        Assert.Equal("--podd", invalid.RootElement.GetProperty("error").GetProperty("token").GetString());
    }

    /// <summary>The live path of a streamed flows query, as Grafana reads it from the answer's meta.channel.</summary>
    private async Task<string> LiveChannelPathAsync(string filter)
    {
        var response = await QueryAsync(Query("A", $"{{\"queryType\":\"flows\",\"filter\":\"{filter}\",\"stream\":true,\"limit\":5}}"));
        var channel = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]).Meta!.Value.GetProperty("channel").GetString()!;
        Assert.StartsWith("ds/hubble/flows/", channel, StringComparison.Ordinal);
        return channel["ds/hubble/".Length..];
    }

    /// <summary>
    /// Source and destination namespaces of a stream packet; the first packet of a stream carries the schema and
    /// later ones only data, so the schema's field names come from <paramref name="fields"/> once it is known.
    /// </summary>
    private static List<(string Source, string Destination)> Namespaces(string packet, List<string?> fields)
    {
        using var json = JsonDocument.Parse(packet);
        if (json.RootElement.TryGetProperty("schema", out var schema))
        {
            fields.Clear();
            fields.AddRange(schema.GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("name").GetString()));
        }

        var values = json.RootElement.GetProperty("data").GetProperty("values");
        return [.. values[fields.IndexOf("source_namespace")].EnumerateArray().Select(v => v.GetString()!)
            .Zip(values[fields.IndexOf("destination_namespace")].EnumerateArray().Select(v => v.GetString()!))];
    }

    [Fact]
    public async Task Out_of_range_query_fields_fail_only_their_query_and_the_others_are_answered()
    {
        // Issue 12: the bucket bomb (0 → 9999-12-31, intervalMS 922337203685477) and an epoch beyond DateTimeOffset failed
        // the whole call with gRPC UNKNOWN, or grew the process by gigabytes.
        var bomb = Query("bomb", "{\"queryType\":\"timeseries\"}");
        bomb.TimeRange = new TimeRange { FromEpochMS = 0, ToEpochMS = 253_402_300_799_999 };
        bomb.IntervalMS = 922_337_203_685_477;
        var beyond = Query("beyond", "{\"queryType\":\"flows\"}");
        beyond.TimeRange = new TimeRange { FromEpochMS = 0, ToEpochMS = long.MaxValue };
        var future = Query("future", "{\"queryType\":\"timeseries\"}");
        future.TimeRange = new TimeRange { FromEpochMS = 0, ToEpochMS = 253_402_300_799_999 };
        var negative = Query("negative", "{\"queryType\":\"timeseries\"}");
        negative.MaxDataPoints = -1;

        var response = await QueryAsync(bomb, beyond, future, negative, Query("fine", "{\"queryType\":\"status\"}"));

        Assert.Equal(200, response.Responses["fine"].Status);
        foreach (var (refId, field) in new[] { ("bomb", "intervalMS"), ("beyond", "timeRange.toEpochMS"), ("future", "timeRange.to is 9999-12-31"), ("negative", "maxDataPoints") })
        {
            var answer = response.Responses[refId];
            Assert.Equal(400, answer.Status);
            Assert.Equal("plugin", answer.ErrorSource);
            Assert.Contains(field, answer.Error, StringComparison.Ordinal);
            Assert.Contains("must be", answer.Error, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Validate_with_a_json_number_body_names_no_dotnet_type()
    {
        var (code, body) = await RawResourceAsync("validate", "POST", "123");

        Assert.Equal(400, code);
        Assert.Contains("the body must be a JSON object, got a number", body, StringComparison.Ordinal);
        Assert.DoesNotContain("NetObs.", body, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Validate_with_a_lone_surrogate_and_an_oversized_body_answers_in_words()
    {
        var (surrogateCode, surrogate) = await RawResourceAsync("validate", "POST", "{\"filter\":\"--pod \\udc00\"}");
        var (hugeCode, huge) = await RawResourceAsync("validate", "POST", "{\"filter\":\"" + new string('x', 5 * 1024 * 1024) + "\"}");

        Assert.Equal(400, surrogateCode);
        Assert.Contains("$.filter", surrogate, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-16 JSON text", surrogate, StringComparison.Ordinal);
        Assert.Equal(413, hugeCode);
        Assert.True(huge.Length < 400, $"{huge.Length} bytes");
    }

    [Fact]
    public async Task A_nan_timeout_fails_health_and_queries_naming_the_key_not_a_dotnet_type()
    {
        var context = PluginContexts.DataSource(_relay.Address, "{\"timeout\":\"NaN\"}", uid: "nan-timeout");
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });
        var request = new QueryDataRequest { PluginContext = context };
        request.Queries.Add(Query("A", "{}"));
        var response = await _plugin.Data.QueryDataAsync(request);

        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Error, health.Status);
        Assert.Contains("jsonData.timeout", health.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("TimeSpan", health.Message, StringComparison.Ordinal);
        Assert.Equal(400, response.Responses["A"].Status);
        Assert.Contains("jsonData.timeout", response.Responses["A"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_tiny_timeout_is_blamed_on_the_timeout_not_on_secure_json_data()
    {
        var context = PluginContexts.DataSource(_relay.Address, "{\"timeout\":1e-8}", uid: "tiny-timeout");
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });

        Assert.Contains("jsonData.timeout", health.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secureJsonData", health.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Live_tail_delivers_new_flows_and_stops_on_cancel()
    {
        var path = await LiveChannelPathAsync("--namespace banking");

        // Grafana follows meta.channel without subscription data: the path alone names the query's filter.
        var subscribe = await _plugin.Stream.SubscribeStreamAsync(new SubscribeStreamRequest { PluginContext = PluginContexts.DataSource(_relay.Address), Path = path });
        Assert.Equal(SubscribeStreamResponse.Types.Status.Ok, subscribe.Status);

        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = RunStream(PluginContexts.DataSource(_relay.Address), path, cancel.Token);
        Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
        var namespaces = Namespaces(call.ResponseStream.Current.Data.ToStringUtf8(), []);
        Assert.NotEmpty(namespaces);
        Assert.All(namespaces, pair => Assert.True(pair.Source == "banking" || pair.Destination == "banking", $"{pair} is outside banking"));

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<Exception>(async () =>
        {
            while (await call.ResponseStream.MoveNext(CancellationToken.None))
            {
            }
        });
        // The plugin's log line is the signal that the tail, and its relay stream, ended.
        await _plugin.WaitForStderrLineAsync(line => line.Contains($"Live tail {path} stopped", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Live_channels_never_stream_every_flow_nor_another_filters_flows()
    {
        var context = PluginContexts.DataSource(_relay.Address);
        var banking = await LiveChannelPathAsync("--namespace banking");
        var shop = await LiveChannelPathAsync("--namespace shop");
        Assert.NotEqual(banking, shop);

        // A path no query handed out is refused, with or without data; so is data whose filter belongs to another path.
        var made = await _plugin.Stream.SubscribeStreamAsync(new SubscribeStreamRequest { PluginContext = context, Path = "flows/abc" });
        Assert.Equal(SubscribeStreamResponse.Types.Status.NotFound, made.Status);
        var mismatched = await _plugin.Stream.SubscribeStreamAsync(new SubscribeStreamRequest
        {
            PluginContext = context,
            Path = banking,
            Data = ByteString.CopyFromUtf8("{\"queryType\":\"flows\",\"filter\":\"--namespace shop\",\"stream\":true}"),
        });
        Assert.Equal(SubscribeStreamResponse.Types.Status.NotFound, mismatched.Status);

        using var run = RunStream(context, "flows/00000000000000000000000000000000", CancellationToken.None);
        var refused = await Assert.ThrowsAsync<RpcException>(() => run.ResponseStream.MoveNext(CancellationToken.None));
        Assert.Equal(StatusCode.NotFound, refused.StatusCode);
        Assert.Contains("refresh the panel", refused.Status.Detail, StringComparison.Ordinal);

        // The shop channel streams shop's flows only, although the relay serves every namespace.
        using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var call = RunStream(context, shop, cancel.Token);
        var fields = new List<string?>();
        for (var packets = 0; packets < 3; packets++)
        {
            Assert.True(await call.ResponseStream.MoveNext(cancel.Token));
            Assert.All(Namespaces(call.ResponseStream.Current.Data.ToStringUtf8(), fields), pair => Assert.True(pair.Source == "shop" || pair.Destination == "shop", $"{pair} is outside shop"));
        }
    }

    private async Task<(int Code, string Body)> RawResourceAsync(string path, string method, string body)
    {
        using var call = _plugin.Resource.CallResource(new CallResourceRequest
        {
            PluginContext = PluginContexts.DataSource(_relay.Address),
            Path = path,
            Method = method,
            Url = path,
            Body = ByteString.CopyFromUtf8(body),
        });
        var bytes = new List<byte>();
        var code = 0;
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            code = code == 0 ? call.ResponseStream.Current.Code : code;
            bytes.AddRange(call.ResponseStream.Current.Body);
        }

        return (code, Encoding.UTF8.GetString([.. bytes]));
    }

    private async Task<JsonDocument> ResourceAsync(string path, string method, string body = "")
    {
        var (code, text) = await RawResourceAsync(path, method, body);
        Assert.Equal(200, code);
        return JsonDocument.Parse(text);
    }

    private AsyncServerStreamingCall<StreamPacket> RunStream(PluginContext context, string path, CancellationToken cancellationToken) =>
        _plugin.Stream.RunStream(new RunStreamRequest { PluginContext = context, Path = path }, cancellationToken: cancellationToken);
}
