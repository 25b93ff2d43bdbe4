using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.Testing.Simulator;

namespace NetObs.History.Tests.Following;

/// <summary>The history server following the simulator as a relay, through restarts of either side, with DuckDB.</summary>
[Collection(RelayFollowingCollection.Name)]
public sealed class RelayFollowingTests
{
    [Fact]
    public async Task GetFlows_over_history_returns_byte_for_byte_what_the_relay_held()
    {
        await using var simulator = await HistorySimulator.StartAsync();
        await using var history = new HistoryFixture();
        await history.StartAsync(simulator.Address);
        await history.WaitForStoredAsync(1);

        var relayHeld = await simulator.BufferedFlowsAsync();
        await WaitForCatchUpAsync(history, relayHeld);
        var served = (await history.GetFlowsAsync(new GetFlowsRequest { Since = new Google.Protobuf.WellKnownTypes.Timestamp() }))
            .Where(r => r.Flow is not null).Select(r => r.Flow).ToList();

        Assert.True(relayHeld.Count > 1000, $"the simulator held only {relayHeld.Count} flows");
        foreach (var node in relayHeld.GroupBy(f => f.NodeName))
        {
            var (oldest, newest) = (node.Min(TimeOf), node.Max(TimeOf));
            // At the oldest time the ring may already have dropped one of several flows sharing that nanosecond; compare after it.
            var fromHistory = served.Where(f => f.NodeName == node.Key && TimeOf(f) > oldest && TimeOf(f) <= newest).Select(Hex).ToList();
            Assert.Equal(node.Where(f => TimeOf(f) > oldest).Select(Hex).Order(), fromHistory.Order());
        }

        AssertNoDuplicates(await history.StoredAsync());
    }

    [Fact]
    public async Task A_restarted_history_server_resumes_without_duplicates_or_holes()
    {
        await using var simulator = await HistorySimulator.StartAsync();
        await using var history = new HistoryFixture();
        await history.StartAsync(simulator.Address);
        await history.WaitForStoredAsync(3000);
        await history.StopAsync();

        await history.StartAsync(simulator.Address);
        await history.WaitForConnectionsAsync(1);
        await history.WaitForStoredAsync(300);
        var relayHeld = await simulator.BufferedFlowsAsync();
        await WaitForCatchUpAsync(history, relayHeld);

        var stored = await history.StoredAsync();
        AssertNoDuplicates(stored);

        // The relay's buffers (4095 flows per node, about 40 s) still reach back past the restart: history holds all of it.
        var storedIds = stored.Select(f => f.Flow.Uuid).ToHashSet();
        Assert.All(relayHeld, f => Assert.Contains(f.Uuid, storedIds));
        Assert.DoesNotContain(await Gaps(history), g => g.Reason == FlowGapReason.RelayUnavailable);
    }

    [Fact]
    public async Task Flows_the_relay_no_longer_held_become_a_gap_per_node()
    {
        // 64 flows per node at 100 flows/s per node: the buffers wrap within a second.
        await using var simulator = await HistorySimulator.StartAsync(buffer: 64);
        await using var history = new HistoryFixture();
        await history.StartAsync(simulator.Address);
        await history.WaitForStoredAsync(500);
        await history.StopAsync();
        var newestBefore = await history.NewestPerNodeWhileStoppedAsync();

        // Wait until every node's buffer has moved past what history stored: a positive signal from the relay itself.
        await HistoryFixture.WaitUntilAsync(() => RelayMovedPast(simulator, newestBefore).GetAwaiter().GetResult(), "the relay buffers wrapped");

        await history.StartAsync(simulator.Address);
        await history.WaitForStoredAsync(300);
        await HistoryFixture.WaitUntilAsync(() => Gaps(history).GetAwaiter().GetResult().Count(g => g.Reason == FlowGapReason.RelayUnavailable) >= newestBefore.Count,
            "a gap for every node");

        var gaps = (await Gaps(history)).Where(g => g.Reason == FlowGapReason.RelayUnavailable).ToList();
        foreach (var (node, newest) in newestBefore)
        {
            var gap = Assert.Single(gaps, g => g.Node == node);
            Assert.Equal(newest, gap.FromNs);
            Assert.True(gap.UntilNs > gap.FromNs);
            Assert.Equal("sim", gap.Cluster);
        }

        AssertNoDuplicates(await history.StoredAsync());
    }

    [Fact]
    public async Task A_relay_restart_mid_stream_is_followed_again_and_reported_as_a_gap()
    {
        var simulator = await HistorySimulator.StartAsync();
        await using var history = new HistoryFixture();
        try
        {
            await history.StartAsync(simulator.Address);
            await history.WaitForStoredAsync(2000);
            await simulator.KillAsync();

            // Once the follower has seen the stream break, its watermarks are what the next stream resumes from.
            await HistoryFixture.WaitUntilAsync(() => !history.Follower.State.Connected, "the follower noticed the relay is gone");
            var newestBefore = history.Follower.NewestPerNode();

            // Another seed: the restarted relay holds different flows, as a restarted real relay would.
            var port = simulator.Port;
            await simulator.DisposeAsync();
            simulator = await HistorySimulator.StartAsync(port, seed: 12);
            await history.WaitForConnectionsAsync(2);
            var relayHeld = await simulator.BufferedFlowsAsync();
            await WaitForCatchUpAsync(history, relayHeld);

            var stored = await history.StoredAsync();
            AssertNoDuplicates(stored);
            var storedIds = stored.Select(f => f.Flow.Uuid).ToHashSet();

            // Everything the new relay holds after what was stored before is kept; nothing older is taken twice.
            var newer = relayHeld.Where(f => TimeOf(f) > newestBefore.GetValueOrDefault(f.NodeName, long.MaxValue)).ToList();
            Assert.NotEmpty(newer);
            Assert.All(newer, f => Assert.Contains(f.Uuid, storedIds));

            // The restarted relay holds nothing of the old one: every node's hole starts at its last stored flow.
            var gaps = await Gaps(history);
            Assert.All(newestBefore, node => Assert.Contains(gaps, g =>
                g.Reason == FlowGapReason.RelayUnavailable && g.Node == node.Key && g.FromNs == node.Value && g.UntilNs > g.FromNs));
        }
        finally
        {
            await simulator.DisposeAsync();
        }
    }

    private static async Task WaitForCatchUpAsync(HistoryFixture history, IReadOnlyList<Flow> relayHeld)
    {
        var target = relayHeld.GroupBy(f => f.NodeName).ToDictionary(g => g.Key, g => g.Max(TimeOf));
        await HistoryFixture.WaitUntilAsync(
            () =>
            {
                var newest = NewestPerNodeAsync(history).GetAwaiter().GetResult();
                return target.All(t => newest.GetValueOrDefault(t.Key) >= t.Value);
            },
            "history caught up with the relay");
    }

    private static async Task<Dictionary<string, long>> NewestPerNodeAsync(HistoryFixture history)
    {
        var store = history.Host!.Store;
        var summary = await store.SummarizeAsync(CancellationToken.None);
        return summary.Nodes.ToDictionary(n => n.Node, n => n.NewestNs);
    }

    private static async Task<bool> RelayMovedPast(SimulatorProcess simulator, IReadOnlyDictionary<string, long> newest)
    {
        var held = await simulator.BufferedFlowsAsync();
        var oldest = held.GroupBy(f => f.NodeName).ToDictionary(g => g.Key, g => g.Min(TimeOf));
        return newest.All(n => oldest.TryGetValue(n.Key, out var o) && o > n.Value);
    }

    private static Task<IReadOnlyList<FlowGap>> Gaps(HistoryFixture history) =>
        history.Host!.Store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None);

    private static void AssertNoDuplicates(IReadOnlyList<StoredFlow> stored)
    {
        var duplicates = stored.GroupBy(f => f.Flow.Uuid).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(duplicates.Count == 0, $"stored twice: {string.Join(", ", duplicates)}");
    }

    private static long TimeOf(Flow flow) => StoredFlow.TimeOf(flow);

    private static string Hex(Flow flow) => Convert.ToHexString(flow.ToByteArray());
}
