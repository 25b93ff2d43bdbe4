using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.History.Tests.Following;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// The netobs-history process killed with SIGKILL mid-stream (no chance to drain its queue or close DuckDB) and started
/// again over the same file: every flow the relay still holds is stored exactly once, counted by its UUID.
/// </summary>
public sealed class HistoryKillTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-kill-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_killed_history_server_resumes_without_losing_or_duplicating_what_the_relay_held()
    {
        // 16383 flows per node hold almost three minutes at this rate, so a slow restart cannot outrun the buffers.
        await using var simulator = await HistorySimulator.StartAsync(buffer: 16383);
        var file = Path.Combine(_folder, "flows.duckdb");

        await using (var first = await HistoryServerRun.StartAsync(simulator.Address, file, Path.Combine(_folder, "first.log")))
        {
            await HistoryFixture.WaitUntilAsync(() => first.StoredFlowsAsync().GetAwaiter().GetResult() >= 3000, "3000 flows stored");
            await first.KillAsync();
        }

        // What each node had stored when the process died.
        Dictionary<string, long> watermarks;
        await using (var afterKill = await DuckDbFlowStore.OpenAsync(file, CancellationToken.None))
        {
            watermarks = (await afterKill.SummarizeAsync(CancellationToken.None)).Nodes.ToDictionary(n => n.Node, n => n.NewestNs);
        }

        IReadOnlyList<Flow> relayHeld;
        await using (var second = await HistoryServerRun.StartAsync(simulator.Address, file, Path.Combine(_folder, "second.log")))
        {
            relayHeld = await simulator.BufferedFlowsAsync();
            var wanted = relayHeld.Select(f => f.Uuid).ToHashSet();

            // The premise: every node's buffer still reaches back to what was stored before the kill.
            Assert.All(relayHeld.GroupBy(f => f.NodeName), node => Assert.True(node.Min(StoredFlow.TimeOf) <= watermarks.GetValueOrDefault(node.Key),
                $"{node.Key}: the relay's buffer no longer reaches back to the kill; give the simulator a larger --buffer"));
            await HistoryFixture.WaitUntilAsync(() => wanted.IsSubsetOf(second.ServedUuidsAsync().GetAwaiter().GetResult()), "history holds all the relay held");
            await second.StopAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, second.ExitCode);
        }

        await using var store = await DuckDbFlowStore.OpenAsync(file, CancellationToken.None);
        var stored = new List<StoredFlow>();
        await foreach (var flow in store.ReadAsync(new FlowReadRequest(), CancellationToken.None))
        {
            stored.Add(flow);
        }

        var twice = stored.GroupBy(f => f.Flow.Uuid).Where(g => g.Count() > 1).Select(g => g.Key).Take(5).ToList();
        Assert.True(twice.Count == 0, $"stored twice across the kill: {string.Join(", ", twice)}");
        var storedIds = stored.Select(f => f.Flow.Uuid).ToHashSet();
        Assert.All(relayHeld, f => Assert.Contains(f.Uuid, storedIds));

        // The relay still held everything since the kill, so there is no hole to report.
        var gaps = await store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None);
        Assert.DoesNotContain(gaps, g => g.Reason == FlowGapReason.RelayUnavailable);
    }
}
