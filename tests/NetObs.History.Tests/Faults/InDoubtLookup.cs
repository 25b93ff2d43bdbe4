using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.History.Tests.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// The check behind <see cref="IFlowStore.ContainsAsync"/> for any store: after half of a batch is stored, the keys of
/// the whole batch, of a stored flow's twin (same cluster, node and time, other bytes) and of a stored flow under another
/// cluster are answered true exactly for the stored flows, the first and last of the range included.
/// </summary>
internal static class InDoubtLookup
{
    public static async Task Stored_flows_and_only_they_are_found_by_their_keys(IFlowStore store)
    {
        var flows = ScenarioFlows.InStoreOrder(ScenarioFlows.Generate("c", TimeSpan.FromSeconds(2), seed: 5));
        var stored = flows.Where((_, i) => i % 2 == 0).ToList();
        await StoreChecks.AppendAsync(store, stored);

        var twin = stored[stored.Count / 2].Flow.Clone();
        twin.Uuid = "not-the-stored-one";
        var asked = new List<(StoredFlowKey Key, bool Stored)>();
        asked.AddRange(flows.Select((f, i) => (StoredFlowKey.Of(f), i % 2 == 0)));
        asked.Add((StoredFlowKey.Of(stored[stored.Count / 2] with { Flow = twin, Original = twin.ToByteArray() }), false));
        asked.Add((StoredFlowKey.Of(stored[0]) with { Cluster = "other" }, false));
        asked.Add((StoredFlowKey.Of(stored[^1]) with { Node = "other-node" }, false));
        var shuffled = asked.OrderBy(a => a.Key.Digest).ToList();

        var answers = await store.ContainsAsync(shuffled.Select(a => a.Key).ToList(), CancellationToken.None);

        Assert.Equal(shuffled.Count, answers.Count);
        Assert.True(stored.Count > 100, "enough flows to cover several nodes");
        for (var i = 0; i < shuffled.Count; i++)
        {
            Assert.True(shuffled[i].Stored == answers[i], $"key {i} ({shuffled[i].Key.Node} at {shuffled[i].Key.TimeNs}) stored {shuffled[i].Stored}, answered {answers[i]}");
        }
    }
}
