using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using NetObs.Grafana.Protocol.V2;
using NetObs.Testing.Simulator;

namespace NetObs.Query.Tests;

/// <summary>
/// The plugin process against a relay that dies, comes back, hangs or is re-configured while work runs. Every
/// "while" is proven with a signal: the proxy saw the call reach the relay, the stream delivered a packet, the
/// simulator printed that it listens.
/// </summary>
public sealed class RelayResilienceTests : IAsyncLifetime
{
    private SimulatorProcess _relay = null!;
    private PluginProcess _plugin = null!;

    public async Task InitializeAsync()
    {
        _relay = await SimulatorProcess.StartAsync();
        _plugin = await PluginProcess.StartAsync(new PluginLaunch(PluginExecutables.NetObsPlugin()));
    }

    public async Task DisposeAsync()
    {
        await _plugin.DisposeAsync();
        await _relay.DisposeAsync();
    }

    private static DataQuery Query(string refId, string json) => new()
    {
        RefId = refId,
        Json = ByteString.CopyFromUtf8(json),
        IntervalMS = 10_000,
        MaxDataPoints = 1000,
        TimeRange = new TimeRange
        {
            FromEpochMS = DateTimeOffset.UtcNow.AddMinutes(-2).ToUnixTimeMilliseconds(),
            ToEpochMS = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
        },
    };

    private Task<QueryDataResponse> QueryAsync(PluginContext context, params DataQuery[] queries)
    {
        var request = new QueryDataRequest { PluginContext = context };
        request.Queries.AddRange(queries);
        return _plugin.Data.QueryDataAsync(request, deadline: DateTime.UtcNow.AddSeconds(120)).ResponseAsync;
    }

    private static PluginContext Context(string address, int timeoutSeconds, string uid, long lastUpdatedMs = 1)
    {
        var context = PluginContexts.DataSource(address, $"{{\"timeout\":{timeoutSeconds}}}", uid: uid);
        context.DataSourceInstanceSettings.LastUpdatedMS = lastUpdatedMs;
        return context;
    }

    private async Task<SimulatorProcess> RestartRelayAsync()
    {
        var port = _relay.Port;
        await _relay.DisposeAsync();
        _relay = await SimulatorProcess.StartAsync(port);
        return _relay;
    }

    [Fact]
    public async Task Relay_killed_mid_query_fails_that_query_as_a_downstream_error_and_queries_answer_after_its_restart()
    {
        await using var proxy = new HoldingTcpProxy(_relay.Address);
        var context = Context(proxy.Address, 10, "mid-query");
        var health = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, health.Status);

        proxy.Hold();
        var callsBefore = proxy.Calls;
        var running = QueryAsync(context, Query("A", "{\"queryType\":\"timeseries\",\"filter\":\"--namespace banking\"}"));
        await proxy.WaitForCallsAsync(callsBefore + 1, TimeSpan.FromSeconds(30));
        await _relay.KillAsync();
        proxy.Release();

        var failed = (await running).Responses["A"];
        Assert.Equal("downstream", failed.ErrorSource);
        Assert.Equal(502, failed.Status);
        Assert.Contains($"Hubble Relay at {proxy.Address}", failed.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", failed.Error, StringComparison.Ordinal);

        await RestartRelayAsync();
        var answered = await EventuallyAsync(async () => (await QueryAsync(context, Query("A", "{\"queryType\":\"timeseries\"}"))).Responses["A"], r => r.Error.Length == 0);
        Assert.NotEmpty(answered.Frames);
    }

    [Fact]
    public async Task Relay_killed_mid_stream_ends_the_stream_with_unavailable_and_a_sentence_and_resubscribing_streams_again()
    {
        var context = Context(_relay.Address, 10, "mid-stream");
        var path = await LiveChannelPathAsync(context, "--namespace banking");

        using (var first = _plugin.Stream.RunStream(new RunStreamRequest { PluginContext = context, Path = path }))
        {
            using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            Assert.True(await first.ResponseStream.MoveNext(cancel.Token));
            await _relay.KillAsync();

            var ended = await Assert.ThrowsAsync<RpcException>(async () =>
            {
                while (await first.ResponseStream.MoveNext(cancel.Token))
                {
                }
            });
            Assert.Equal(StatusCode.Unavailable, ended.StatusCode);
            Assert.Contains($"Hubble Relay at {_relay.Address}", ended.Status.Detail, StringComparison.Ordinal);
            Assert.Contains("The live stream ended", ended.Status.Detail, StringComparison.Ordinal);
            Assert.DoesNotContain("Exception", ended.Status.Detail, StringComparison.Ordinal);
        }

        // Grafana runs the stream again on the same path, without data, once the relay is back.
        await RestartRelayAsync();
        var resumed = await EventuallyAsync(
            async () =>
            {
                using var cancel = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                using var again = _plugin.Stream.RunStream(new RunStreamRequest { PluginContext = context, Path = path }, cancellationToken: cancel.Token);
                try
                {
                    return await again.ResponseStream.MoveNext(cancel.Token) ? again.ResponseStream.Current.Data.ToStringUtf8() : "";
                }
                catch (RpcException e) when (e.StatusCode == StatusCode.Unavailable)
                {
                    return "";
                }
            },
            packet => packet.Length > 0);
        using var json = JsonDocument.Parse(resumed);
        Assert.True(json.RootElement.GetProperty("data").GetProperty("values")[0].GetArrayLength() > 0);
    }

    [Fact]
    public async Task Relay_that_accepts_and_never_answers_ends_the_query_at_the_configured_timeout_with_a_downstream_error()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var accepted = new List<TcpClient>();
        using var stop = new CancellationTokenSource();
        var accepting = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                accepted.Add(await silent.AcceptTcpClientAsync(stop.Token));
            }
        });

        var clock = Stopwatch.StartNew();
        var response = (await QueryAsync(Context(silent.LocalEndpoint.ToString()!, 1, "silent"), Query("A", "{\"queryType\":\"timeseries\"}"))).Responses["A"];
        clock.Stop();

        // A flow scan may take six times the data source timeout (RelayClientOptions.From); it ends there, not later.
        Assert.Equal("downstream", response.ErrorSource);
        Assert.Equal(504, response.Status);
        Assert.Contains("did not answer within 6s", response.Error, StringComparison.Ordinal);
        Assert.Contains("raise the data source timeout", response.Error, StringComparison.Ordinal);
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(6), TimeSpan.FromSeconds(20));
        await stop.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => accepting);
        accepted.ForEach(c => c.Dispose());
    }

    [Fact]
    public async Task Data_source_re_saved_during_four_running_queries_fails_none_of_them()
    {
        await using var proxy = new HoldingTcpProxy(_relay.Address);
        var saved = Context(proxy.Address, 30, "resaved", lastUpdatedMs: 1);
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, (await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = saved })).Status);

        proxy.Hold();
        var callsBefore = proxy.Calls;
        string[] filters = ["--namespace banking", "--namespace shop", "--verdict DROPPED", "--protocol dns"];
        var running = filters.Select((f, i) => QueryAsync(saved, Query($"Q{i}", $"{{\"queryType\":\"timeseries\",\"filter\":\"{f}\"}}"))).ToList();
        await proxy.WaitForCallsAsync(callsBefore + filters.Length, TimeSpan.FromSeconds(30));

        // Re-saving changes lastUpdated; the first call with the new settings replaces the instance. This one needs no relay.
        var resaved = Context(proxy.Address, 30, "resaved", lastUpdatedMs: 2);
        var replacing = (await QueryAsync(resaved, Query("bad", "{\"queryType\":\"timeseries\",\"filter\":\"--podd x\"}"))).Responses["bad"];
        Assert.Equal(400, replacing.Status);

        proxy.Release();
        var answers = await Task.WhenAll(running);

        Assert.All(answers.Select((a, i) => a.Responses[$"Q{i}"]), r => Assert.True(r.Error.Length == 0, r.Error));
        var after = (await QueryAsync(resaved, Query("A", "{\"queryType\":\"timeseries\"}"))).Responses["A"];
        Assert.True(after.Error.Length == 0, after.Error);
    }

    [Fact]
    public async Task Plugin_reaches_the_relay_within_a_second_of_it_listening_again()
    {
        var context = Context(_relay.Address, 5, "reconnect");
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, (await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context })).Status);

        var port = _relay.Port;
        await _relay.DisposeAsync();
        // Dashboards keep asking while the relay is down, so the relay client is in its reconnect backoff when it returns.
        var listening = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var failures = 0;
        var asking = Task.Run(async () =>
        {
            while (!listening.Task.IsCompleted)
            {
                var down = await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context });
                failures += down.Status == CheckHealthResponse.Types.HealthStatus.Error ? 1 : 0;
            }
        });

        _relay = await SimulatorProcess.StartAsync(port);
        listening.SetResult();
        var clock = Stopwatch.StartNew();

        // What a client that never saw the relay down needs for its first answer: on a loaded machine a freshly
        // started relay is slow to answer anyone, and that is not the plugin's reconnect delay.
        var fresh = Task.Run(async () =>
        {
            using var channel = GrpcChannel.ForAddress($"http://{_relay.Address}");
            await new Cilium.Observer.Observer.ObserverClient(channel).ServerStatusAsync(new Cilium.Observer.ServerStatusRequest());
            return clock.Elapsed;
        });
        await asking;
        var status = await EventuallyAsync(
            async () => (await _plugin.Diagnostics.CheckHealthAsync(new CheckHealthRequest { PluginContext = context })).Status,
            s => s == CheckHealthResponse.Types.HealthStatus.Ok);
        var plugin = clock.Elapsed;
        var direct = await fresh;

        Assert.True(failures > 0, "health failed while the relay was down");
        Assert.Equal(CheckHealthResponse.Types.HealthStatus.Ok, status);
        Assert.True(
            plugin - direct < TimeSpan.FromSeconds(1),
            $"the plugin's first healthy answer came {plugin.TotalMilliseconds:0} ms after the relay listened again, a fresh client's {direct.TotalMilliseconds:0} ms");
    }

    private async Task<string> LiveChannelPathAsync(PluginContext context, string filter)
    {
        var response = await QueryAsync(context, Query("A", $"{{\"queryType\":\"flows\",\"filter\":\"{filter}\",\"stream\":true,\"limit\":5}}"));
        var channel = ArrowFrameDecoder.Decode(response.Responses["A"].Frames[0]).Meta!.Value.GetProperty("channel").GetString()!;
        var prefix = $"ds/{context.DataSourceInstanceSettings.Uid}/";
        Assert.StartsWith(prefix, channel, StringComparison.Ordinal);
        return channel[prefix.Length..];
    }

    /// <summary>Asks until the answer is the expected one (up to 30 s); each try is a real call, not a sleep.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> done)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var answer = await ask();
            if (done(answer) || DateTime.UtcNow > deadline)
            {
                return answer;
            }
        }
    }
}
