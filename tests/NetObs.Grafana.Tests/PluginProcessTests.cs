using System.Diagnostics;
using System.Reflection;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Health.V1;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Protocol.GoPlugin;
using V2 = NetObs.Grafana.Protocol.V2;

namespace NetObs.Grafana.Tests;

/// <summary>The sample plugin launched as a real process, as Grafana launches it, and driven over gRPC.</summary>
public sealed class PluginProcessTests
{
    [Fact]
    public async Task Handshake_is_the_only_line_on_stdout()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        await new Health.HealthClient(plugin.Channel).CheckAsync(new HealthCheckRequest { Service = "plugin" });
        await new GRPCController.GRPCControllerClient(plugin.Channel).ShutdownAsync(new Empty());
        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(5)));

        var line = Assert.Single(plugin.StdoutLines);
        Assert.Equal($"1|2|tcp|{plugin.Handshake.Address}|grpc", line);
    }

    [Fact]
    public async Task Health_service_reports_serving_for_plugin()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);

        var reply = await new Health.HealthClient(plugin.Channel).CheckAsync(new HealthCheckRequest { Service = "plugin" });

        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, reply.Status);
    }

    [Fact]
    public async Task QueryData_answers_every_refId_and_one_failing_query_does_not_fail_the_others()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);

        var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(
            ProtocolRequests.Context(),
            ProtocolRequests.Query("A", """{"refId":"A","text":"hello","rows":3}"""),
            ProtocolRequests.Query("B", """{"refId":"B","queryType":"fail","message":"relay said no"}""", "fail"),
            ProtocolRequests.Query("C", """{"refId":"C","queryType":"crash"}""", "crash"),
            ProtocolRequests.Query("D", """{"refId":"D","text":"second","rows":2}""")));

        Assert.Equal(["A", "B", "C", "D"], reply.Responses.Keys.Order());
        var a = reply.Responses["A"];
        Assert.Equal(200, a.Status);
        Assert.Equal("", a.Error);
        Assert.Equal(V2.DataFrameFormat.Arrow, a.Format);
        var frame = ArrowFrameReader.Read(Assert.Single(a.Frames).Memory);
        Assert.Equal("A", frame.RefId);
        Assert.Equal(3, frame.RowCount);
        Assert.Equal(["hello", "hello", "hello"], ((Field<string>)frame.Fields.Single(f => f.Name == "text")).Values);
        Assert.Equal(Field.UnixNanoseconds(DateTimeOffset.FromUnixTimeMilliseconds(1_700_000_000_000)), frame.Fields[0].GetValue(0));
        Assert.Equal(FieldType.Time, frame.Fields[0].Type);
        Assert.Equal(new FrameTypeVersion(0, 1), frame.Meta!.TypeVersion);

        var b = reply.Responses["B"];
        Assert.Equal(502, b.Status);
        Assert.Equal("downstream", b.ErrorSource);
        Assert.Contains("relay said no", b.Error, StringComparison.Ordinal);
        Assert.Empty(b.Frames);

        var c = reply.Responses["C"];
        Assert.Equal(500, c.Status);
        Assert.Equal("plugin", c.ErrorSource);
        Assert.DoesNotContain("crashed on purpose", c.Error, StringComparison.Ordinal);
        Assert.Matches("reference ref-[0-9a-f]{8}", c.Error);

        Assert.Equal(200, reply.Responses["D"].Status);
        Assert.Equal(2, ArrowFrameReader.Read(reply.Responses["D"].Frames[0].Memory).RowCount);
    }

    [Fact]
    public async Task Out_of_range_query_fields_fail_only_their_query_with_the_field_and_the_allowed_range()
    {
        // Issue 12: these threw while the request was converted and the whole call failed with gRPC UNKNOWN.
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);
        var interval = ProtocolRequests.Query("interval", """{"text":"x"}""");
        interval.IntervalMS = 922_337_203_685_477;
        var from = ProtocolRequests.Query("from", """{"text":"x"}""");
        from.TimeRange = new V2.TimeRange { FromEpochMS = 253_402_300_800_000, ToEpochMS = 253_402_300_800_001 };
        var negative = ProtocolRequests.Query("negative", """{"text":"x"}""");
        negative.TimeRange = new V2.TimeRange { FromEpochMS = -1, ToEpochMS = 1000 };
        var reversed = ProtocolRequests.Query("reversed", """{"text":"x"}""");
        reversed.TimeRange = new V2.TimeRange { FromEpochMS = 2000, ToEpochMS = 1000 };
        var points = ProtocolRequests.Query("points", """{"text":"x"}""");
        points.MaxDataPoints = -3;
        var longRefId = new string('r', 5000);

        var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(
            ProtocolRequests.Context(), interval, from, negative, reversed, points, ProtocolRequests.Query(longRefId, """{"text":"x"}"""), ProtocolRequests.Query("fine", """{"text":"ok"}""")));

        Assert.Equal(200, reply.Responses["fine"].Status);
        foreach (var (refId, expected) in new[]
        {
            ("interval", "intervalMS is 922337203685477; it must be from 0 to"),
            ("from", "timeRange.fromEpochMS is 253402300800000; it must be from 0 (1970-01-01) to 253402300799999 (9999-12-31)"),
            ("negative", "timeRange.fromEpochMS is -1"),
            ("reversed", "timeRange.toEpochMS (1000) is before timeRange.fromEpochMS (2000)"),
            ("points", "maxDataPoints is -3; it must be from 0"),
            (longRefId, "refId is 5,000 characters long; it must be at most 256"),
        })
        {
            var answer = reply.Responses[refId];
            Assert.Equal(400, answer.Status);
            Assert.Equal("plugin", answer.ErrorSource);
            Assert.Contains(expected, answer.Error, StringComparison.Ordinal);
            Assert.True(answer.Error.Length < 300, $"{answer.Error.Length} characters");
        }
    }

    [Fact]
    public async Task A_lone_surrogate_query_type_is_a_400_without_parser_text()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);

        var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(ProtocolRequests.Context(), ProtocolRequests.Query("A", """{"queryType":"\udc00"}""")));

        Assert.Equal(400, reply.Responses["A"].Status);
        Assert.Contains("queryType", reply.Responses["A"].Error, StringComparison.Ordinal);
        Assert.DoesNotContain("UTF-16 JSON text", reply.Responses["A"].Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Bad_queries_get_clear_per_query_errors_and_the_process_keeps_serving()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);
        var huge = $$"""{"text":"{{new string('x', 2 * 1024 * 1024)}}"}""";

        var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(
            ProtocolRequests.Context(),
            ProtocolRequests.Query("malformed", """{"text": "unterminated"""),
            ProtocolRequests.Query("unknown", """{"queryType":"flowz"}""", "flowz"),
            ProtocolRequests.Query("array", "[1,2,3]"),
            ProtocolRequests.Query("huge", huge),
            ProtocolRequests.Query("fine", """{"text":"ok"}""")));

        var malformed = reply.Responses["malformed"];
        Assert.Equal(400, malformed.Status);
        Assert.Equal("plugin", malformed.ErrorSource);
        Assert.StartsWith("Query malformed is not valid JSON", malformed.Error, StringComparison.Ordinal);
        var unknown = reply.Responses["unknown"];
        Assert.Equal(400, unknown.Status);
        Assert.Contains("unknown queryType 'flowz'", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("crash, echo, fail, slow", unknown.Error, StringComparison.Ordinal);
        Assert.Contains("not an object", reply.Responses["array"].Error, StringComparison.Ordinal);
        var tooLarge = reply.Responses["huge"];
        Assert.Equal(413, tooLarge.Status);
        Assert.Contains("more than the limit", tooLarge.Error, StringComparison.Ordinal);
        Assert.Equal(200, reply.Responses["fine"].Status);

        var empty = await client.QueryDataAsync(ProtocolRequests.QueryData(ProtocolRequests.Context()));
        Assert.Empty(empty.Responses);

        var health = await new Health.HealthClient(plugin.Channel).CheckAsync(new HealthCheckRequest { Service = "plugin" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
    }

    [Fact]
    public async Task Requests_larger_than_grpc_default_limit_are_accepted()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var body = new byte[10 * 1024 * 1024];

        var messages = await CallResourceAsync(plugin, "echo", "echo?name=big", body);

        var echo = JsonDocument.Parse(Assert.Single(messages).Body.ToByteArray()).RootElement;
        Assert.Equal(body.Length, echo.GetProperty("bodyBytes").GetInt32());
    }

    [Fact]
    public async Task Instance_is_recreated_when_data_source_settings_change()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);

        async Task<object?> GenerationAsync(string uid, long lastUpdated)
        {
            var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(ProtocolRequests.Context(uid, lastUpdated), ProtocolRequests.Query("A", "{}")));
            return ArrowFrameReader.Read(reply.Responses["A"].Frames[0].Memory).Fields.Single(f => f.Name == "generation").GetValue(0);
        }

        var first = await GenerationAsync("ds-1", 1);
        Assert.Equal(first, await GenerationAsync("ds-1", 1));
        var changed = await GenerationAsync("ds-1", 2);
        var other = await GenerationAsync("ds-2", 1);

        Assert.NotEqual(first, changed);
        Assert.NotEqual(changed, other);
        Assert.Equal(changed, await GenerationAsync("ds-1", 2));
        Assert.Contains(plugin.StderrLines, l => l.Contains($"Sample instance {first} disposed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Cancelled_query_ends_promptly_and_the_process_keeps_serving()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Data.DataClient(plugin.Channel);
        var watch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<RpcException>(async () => await client.QueryDataAsync(
            ProtocolRequests.QueryData(ProtocolRequests.Context(), ProtocolRequests.Query("A", """{"queryType":"slow","delayMs":60000}""", "slow")),
            deadline: DateTime.UtcNow.AddMilliseconds(300)));

        Assert.Equal(StatusCode.DeadlineExceeded, error.StatusCode);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        var reply = await client.QueryDataAsync(ProtocolRequests.QueryData(ProtocolRequests.Context(), ProtocolRequests.Query("A", "{}")));
        Assert.Equal(200, reply.Responses["A"].Status);
    }

    [Fact]
    public async Task CheckHealth_returns_status_message_and_details_object()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Diagnostics.DiagnosticsClient(plugin.Channel);

        var ok = await client.CheckHealthAsync(new V2.CheckHealthRequest { PluginContext = ProtocolRequests.Context() });
        var broken = await client.CheckHealthAsync(new V2.CheckHealthRequest { PluginContext = ProtocolRequests.Context("ds-2", url: "") });

        Assert.Equal(V2.CheckHealthResponse.Types.HealthStatus.Ok, ok.Status);
        Assert.Contains("relay:4245", ok.Message, StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Object, JsonDocument.Parse(ok.JsonDetails.ToByteArray()).RootElement.ValueKind);
        Assert.Equal("ds-1", JsonDocument.Parse(ok.JsonDetails.ToByteArray()).RootElement.GetProperty("uid").GetString());
        Assert.Equal(V2.CheckHealthResponse.Types.HealthStatus.Error, broken.Status);
        Assert.Contains("has no URL", broken.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CollectMetrics_counts_queries_errors_frames_and_rows()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var data = new V2.Data.DataClient(plugin.Channel);
        await data.QueryDataAsync(ProtocolRequests.QueryData(
            ProtocolRequests.Context(),
            ProtocolRequests.Query("A", """{"rows":4}"""),
            ProtocolRequests.Query("B", """{"rows":6}"""),
            ProtocolRequests.Query("C", "{}", "fail")));

        var reply = await new V2.Diagnostics.DiagnosticsClient(plugin.Channel).CollectMetricsAsync(new V2.CollectMetricsRequest());
        var text = reply.Metrics.Prometheus.ToStringUtf8();

        Assert.Contains("# TYPE sample_queries_total counter\nsample_queries_total 3\n", text, StringComparison.Ordinal);
        Assert.Contains("sample_query_errors_total{source=\"downstream\"} 1\n", text, StringComparison.Ordinal);
        Assert.Contains("sample_query_errors_total{source=\"plugin\"} 0\n", text, StringComparison.Ordinal);
        Assert.Contains("sample_frames_sent_total 2\n", text, StringComparison.Ordinal);
        Assert.Contains("sample_rows_sent_total 10\n", text, StringComparison.Ordinal);
        Assert.Contains("# TYPE sample_query_data_duration_seconds histogram\n", text, StringComparison.Ordinal);
        Assert.Contains("sample_query_data_duration_seconds_count 1\n", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CallResource_always_sets_a_status_and_streams_chunks()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);

        var echo = await CallResourceAsync(plugin, "echo", "echo?name=pets%20shop", "{}"u8.ToArray(), "POST");
        var chunks = await CallResourceAsync(plugin, "chunks", "chunks", []);
        var crash = await CallResourceAsync(plugin, "crash", "crash", []);
        var missing = await CallResourceAsync(plugin, "nope", "nope", []);

        var answer = Assert.Single(echo);
        Assert.Equal(200, answer.Code);
        Assert.Equal("application/json", answer.Headers["Content-Type"].Values.Single());
        var json = JsonDocument.Parse(answer.Body.ToByteArray()).RootElement;
        Assert.Equal("POST", json.GetProperty("method").GetString());
        Assert.Equal("pets shop", json.GetProperty("name").GetString());
        Assert.Equal(3, chunks.Count);
        Assert.Equal(200, chunks[0].Code);
        Assert.Equal("chunk 1\nchunk 2\nchunk 3\n", string.Concat(chunks.Select(c => c.Body.ToStringUtf8())));
        Assert.Equal(500, Assert.Single(crash).Code);
        var crashMessage = JsonDocument.Parse(crash[0].Body.ToByteArray()).RootElement.GetProperty("message").GetString();
        Assert.DoesNotContain("crashed on purpose", crashMessage, StringComparison.Ordinal);
        Assert.Matches("reference ref-[0-9a-f]{8}", crashMessage);
        Assert.Equal(404, Assert.Single(missing).Code);
    }

    [Fact]
    public async Task Streams_subscribe_run_and_refuse_publish()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var client = new V2.Stream.StreamClient(plugin.Channel);

        var subscribed = await client.SubscribeStreamAsync(new V2.SubscribeStreamRequest { PluginContext = ProtocolRequests.Context(), Path = "counter/a" });
        var unknown = await client.SubscribeStreamAsync(new V2.SubscribeStreamRequest { PluginContext = ProtocolRequests.Context(), Path = "other" });
        var published = await client.PublishStreamAsync(new V2.PublishStreamRequest { PluginContext = ProtocolRequests.Context(), Path = "counter/a" });
        var packets = new List<JsonElement>();
        using (var run = client.RunStream(new V2.RunStreamRequest
        {
            PluginContext = ProtocolRequests.Context(),
            Path = "counter/a",
            Data = ByteString.CopyFromUtf8("""{"rows":4}"""),
        }))
        {
            await foreach (var packet in run.ResponseStream.ReadAllAsync())
            {
                packets.Add(JsonDocument.Parse(packet.Data.ToByteArray()).RootElement.Clone());
            }
        }

        Assert.Equal(V2.SubscribeStreamResponse.Types.Status.Ok, subscribed.Status);
        Assert.Equal("counter/a", JsonDocument.Parse(subscribed.Data.ToByteArray()).RootElement.GetProperty("schema").GetProperty("name").GetString());
        Assert.Equal(V2.SubscribeStreamResponse.Types.Status.NotFound, unknown.Status);
        Assert.Equal(V2.PublishStreamResponse.Types.Status.PermissionDenied, published.Status);
        Assert.Equal(4, packets.Count);
        Assert.True(packets[0].TryGetProperty("schema", out _));
        Assert.False(packets[1].TryGetProperty("schema", out _));
        Assert.Equal([1L, 2, 3, 4], packets.Select(p => p.GetProperty("data").GetProperty("values")[1][0].GetInt64()));
        Assert.Equal(4000, packets[3].GetProperty("data").GetProperty("values")[0][0].GetInt64());
    }

    [Fact]
    public async Task Shutdown_ends_the_process_within_two_seconds()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);

        await new GRPCController.GRPCControllerClient(plugin.Channel).ShutdownAsync(new Empty());
        // go-plugin's Kill starts its 2 s grace period once the Shutdown call has returned.
        var watch = Stopwatch.StartNew();
        var exited = await plugin.WaitForExitAsync(TimeSpan.FromSeconds(2));

        Assert.True(exited, "the plugin was still running 2 s after Shutdown");
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(2), $"took {watch.Elapsed}");
        Assert.Equal(0, plugin.ExitCode);
    }

    [Fact]
    public async Task Sigint_is_ignored_and_sigterm_stops()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);

        // A shell without job control starts background jobs with SIGINT ignored (POSIX), the plugin inherits that, and
        // the kernel then discards the signal when it is sent: there is no handler to wait for, only a process that must
        // still serve. Otherwise the handler's log line says the signal arrived and was ignored; a sleep could only say "not yet".
        var inheritedIgnore = IgnoresSigint(plugin.ProcessId);
        await SignalAsync(plugin.ProcessId, "INT");
        if (!inheritedIgnore)
        {
            await plugin.WaitForStderrLineAsync(l => l.Contains("Ignoring SIGINT", StringComparison.Ordinal), TimeSpan.FromSeconds(10));
        }

        var health = await new Health.HealthClient(plugin.Channel).CheckAsync(new HealthCheckRequest { Service = "plugin" });
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        Assert.False(plugin.HasExited);

        await SignalAsync(plugin.ProcessId, "TERM");
        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(5)), "SIGTERM did not stop the plugin");
    }

    [Fact]
    public async Task Plugin_exits_when_its_parent_process_dies()
    {
        // sh starts the plugin in the background, prints its pid, waits for the handshake and exits: the plugin
        // is orphaned while it serves.
        var handshake = Path.Combine(Path.GetTempPath(), $"netobs-orphan-{Guid.NewGuid():N}.txt");
        var script = $"'{SamplePlugin.Executable}' >'{handshake}' 2>/dev/null & echo $!; "
            + $"i=0; while [ ! -s '{handshake}' ] && [ $i -lt 600 ]; do sleep 0.1; i=$((i+1)); done";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            ArgumentList = { "-c", script },
        };
        foreach (var (key, value) in GrafanaLaunchEnvironment.Create())
        {
            start.Environment[key] = value;
        }

        using var shell = Process.Start(start)!;
        var pid = int.Parse(await shell.StandardOutput.ReadLineAsync() ?? "", System.Globalization.CultureInfo.InvariantCulture);
        using var orphan = Process.GetProcessById(pid);
        await shell.WaitForExitAsync();

        var exited = await Task.Run(() => orphan.WaitForExit(TimeSpan.FromSeconds(10)));
        if (!exited)
        {
            orphan.Kill();
        }

        var announced = File.ReadAllText(handshake);
        File.Delete(handshake);
        Assert.StartsWith("1|2|tcp|127.0.0.1:", announced, StringComparison.Ordinal);
        Assert.True(exited, "the plugin outlived its parent by more than 10 s");
    }

    [Fact]
    public async Task Stderr_carries_only_hclog_json_lines_with_string_level_message_and_module()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);
        var reply = await new V2.Data.DataClient(plugin.Channel).QueryDataAsync(ProtocolRequests.QueryData(ProtocolRequests.Context(), ProtocolRequests.Query("C", "{}", "crash")));
        var reference = System.Text.RegularExpressions.Regex.Match(reply.Responses["C"].Error, "ref-[0-9a-f]{8}").Value;
        await new GRPCController.GRPCControllerClient(plugin.Channel).ShutdownAsync(new Empty());
        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(5)));

        Assert.NotEmpty(plugin.StderrLines);
        foreach (var line in plugin.StderrLines)
        {
            var json = JsonDocument.Parse(line).RootElement;
            Assert.Contains(json.GetProperty("@level").GetString(), new[] { "trace", "debug", "info", "warn", "error" });
            Assert.Equal(JsonValueKind.String, json.GetProperty("@message").ValueKind);
            Assert.Equal("plugin", json.GetProperty("@module").GetString());
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}Z$", json.GetProperty("@timestamp").GetString());
        }

        Assert.Contains(plugin.StderrLines, l => l.Contains("\"@level\":\"error\"", StringComparison.Ordinal) && l.Contains("crashed on purpose", StringComparison.Ordinal));

        // The user sees only the reference; the log line with the exception carries the same one.
        Assert.NotEmpty(reference);
        Assert.Contains(plugin.StderrLines, l => l.Contains(reference, StringComparison.Ordinal) && l.Contains("crashed on purpose", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Unhandled_exception_is_logged_as_json_at_error_level_and_never_as_plain_text()
    {
        await using var plugin = await PluginProcess.StartAsync(SamplePlugin.Launch);

        try
        {
            await CallResourceAsync(plugin, "crash-process", "crash-process", []);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
        {
            // The process may die before its answer is read; the crash is what this test is about.
        }

        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(10)), "the plugin survived an unhandled exception");
        Assert.Equal(70, plugin.ExitCode);
        Assert.All(plugin.StderrLines, line => Assert.StartsWith("{\"@level\":", line, StringComparison.Ordinal));
        var crash = plugin.StderrLines.Select(l => JsonDocument.Parse(l).RootElement).Single(l => l.TryGetProperty("exception", out _));
        Assert.Equal("error", crash.GetProperty("@level").GetString());
        Assert.Equal("the sample process crashed on purpose", crash.GetProperty("error").GetString());
    }

    [Fact]
    public async Task Launch_without_the_magic_cookie_exits_1_and_explains_how_to_start_the_plugin()
    {
        var environment = GrafanaLaunchEnvironment.Create();
        environment.Remove("grafana_plugin_type");
        await using var plugin = PluginProcess.Start(SamplePlugin.Launch with { Environment = environment });

        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, plugin.ExitCode);
        Assert.Empty(plugin.StdoutLines);
        var message = string.Join("\n", plugin.StderrLines);
        Assert.Contains("grafana_plugin_type=datasource", message, StringComparison.Ordinal);
        Assert.Contains("-standalone", message, StringComparison.Ordinal);
        Assert.Contains("GF_PLUGIN_GRPC_ADDRESS_NETOBS_SAMPLE_DATASOURCE", message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Version_flag_prints_one_stdout_line_with_the_assembly_version_and_exits_0(bool launchedByGrafana)
    {
        var environment = GrafanaLaunchEnvironment.Create();
        if (!launchedByGrafana)
        {
            environment.Remove("grafana_plugin_type");
        }

        await using var plugin = PluginProcess.Start(SamplePlugin.Launch with { Environment = environment, Arguments = ["--version"] });

        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(0, plugin.ExitCode);
        var line = Assert.Single(plugin.StdoutLines);
        // Directory.Build.props stamps every assembly, the sample plugin's too, with the product version.
        var version = typeof(PluginProcessTests).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        Assert.StartsWith($"NetObs.Grafana.SamplePlugin {version} (plugin netobs-sample-datasource, ", line, StringComparison.Ordinal);
        Assert.DoesNotContain("+", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Launch_offering_only_other_protocol_versions_exits_1()
    {
        var environment = GrafanaLaunchEnvironment.Create();
        environment["PLUGIN_PROTOCOL_VERSIONS"] = "1,3";
        await using var plugin = PluginProcess.Start(SamplePlugin.Launch with { Environment = environment });

        Assert.True(await plugin.WaitForExitAsync(TimeSpan.FromSeconds(30)));

        Assert.Equal(1, plugin.ExitCode);
        Assert.Empty(plugin.StdoutLines);
        Assert.Contains(plugin.StderrLines, l => l.Contains("protocol versions 1,3", StringComparison.Ordinal));
    }

    private static async Task<List<V2.CallResourceResponse>> CallResourceAsync(PluginProcess plugin, string path, string url, byte[] body, string method = "GET")
    {
        var client = new V2.Resource.ResourceClient(plugin.Channel);
        using var call = client.CallResource(new V2.CallResourceRequest
        {
            PluginContext = ProtocolRequests.Context(),
            Path = path,
            Url = url,
            Method = method,
            Body = ByteString.CopyFrom(body),
        });
        var messages = new List<V2.CallResourceResponse>();
        await foreach (var message in call.ResponseStream.ReadAllAsync())
        {
            messages.Add(message);
        }

        return messages;
    }

    /// <summary>Whether SIGINT is ignored by the process itself (bit 2 of SigIgn in /proc/PID/status), not by a handler.</summary>
    private static bool IgnoresSigint(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        var mask = ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture);
        return (mask & (1UL << 1)) != 0;
    }

    private static async Task SignalAsync(int pid, string signal)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync();
        Assert.Equal(0, kill.ExitCode);
    }
}
