using Cilium.Observer;
using Google.Protobuf;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

public sealed class ReplayTests : IDisposable
{
    private readonly string _capture = Path.GetTempFileName();
    private readonly FrozenClock _clock = FrozenClock.At("2026-03-01T12:00:00Z");

    public void Dispose() => File.Delete(_capture);

    [Fact]
    public async Task Replay_serves_the_captured_flows_on_their_nodes_ending_at_the_start()
    {
        var captured = EngineRun.Flows(ScenarioSet.Drops | ScenarioSet.Dns, TimeSpan.FromSeconds(20), rate: 50);
        var formatter = new JsonFormatter(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

        await using var simulator = await ReplayAsync(captured.Select(f => formatter.Format(new GetFlowsResponse { Flow = f, NodeName = f.NodeName, Time = f.Time })));
        var served = await simulator.AllFlowsAsync();

        Assert.Equal(captured.Select(f => f.Uuid).Order(StringComparer.Ordinal), served.Select(f => f.Uuid).Order(StringComparer.Ordinal));
        Assert.Equal(captured.Select(f => f.NodeName).Distinct().Order(StringComparer.Ordinal),
            simulator.Host.Store.Nodes.Select(n => n.AbsoluteName).Order(StringComparer.Ordinal));
        Assert.Equal(_clock.GetUtcNow(), served.Max(f => f.Time.ToDateTimeOffset()));
        var byUuid = captured.ToDictionary(f => f.Uuid);
        Assert.All(served, f => Assert.Equal(byUuid[f.Uuid].Summary, f.Summary));
    }

    [Fact]
    public async Task Replay_of_a_file_that_is_not_jsonpb_names_the_line()
    {
        var error = await Assert.ThrowsAsync<OptionsException>(() => ReplayAsync(["{\"flow\":{\"verdict\":\"FORWARDED\"}}", "Dec  4 15:22:10.123: not json"]));

        Assert.Contains($"--replay '{_capture}' line 2: expected one JSON object per line", error.Message, StringComparison.Ordinal);
        Assert.Contains("got 'Dec  4 15:22:10.123: not json'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Replay_reads_legacy_flow_only_lines_and_skips_lost_events_and_node_status()
    {
        await using var simulator = await ReplayAsync(
        [
            """{"time":"2026-02-01T10:00:00Z","uuid":"legacy-1","verdict":"FORWARDED","node_name":"kind/worker-a","Summary":"from -o json"}""",
            """{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"3"},"node_name":"kind/worker-a","time":"2026-02-01T10:00:01Z"}""",
            """{"node_status":{"status_code":"NODE_CONNECTED","node_names":["kind/worker-b"]},"time":"2026-02-01T10:00:01Z"}""",
            """{"flow":{"time":"2026-02-01T10:00:02Z","uuid":"jsonpb-1","verdict":"DROPPED","node_name":"kind/worker-b"},"node_name":"kind/worker-b","time":"2026-02-01T10:00:02Z"}""",
        ]);
        var served = (await simulator.AllFlowsAsync()).ToDictionary(f => f.Uuid);

        Assert.Equal(["jsonpb-1", "legacy-1"], served.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(["kind/worker-a", "kind/worker-b"], simulator.Host.Store.Nodes.Select(n => n.AbsoluteName).Order(StringComparer.Ordinal));
        Assert.Equal("from -o json", served["legacy-1"].Summary);
        Assert.Equal(_clock.GetUtcNow(), served["jsonpb-1"].Time.ToDateTimeOffset());
        Assert.Equal(_clock.GetUtcNow().AddSeconds(-2), served["legacy-1"].Time.ToDateTimeOffset());
    }

    private async Task<RunningSimulator> ReplayAsync(IEnumerable<string> lines)
    {
        await File.WriteAllLinesAsync(_capture, lines);
        return await RunningSimulator.StartAsync(new SimulatorOptions { ReplayFile = _capture }, _clock);
    }
}
