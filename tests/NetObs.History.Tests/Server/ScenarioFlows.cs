using Cilium.Flow;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.History.Tests.Server;

/// <summary>Deterministic flows from the simulator's scenarios, generated in process, oldest first.</summary>
internal static class ScenarioFlows
{
    public static IReadOnlyList<Flow> Generate(int count, string cluster = "sim", ulong seed = 5)
    {
        var start = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
        var engine = new ScenarioEngine(new ClusterModel(3, cluster), ScenarioSet.All, seed, 500, start, -TimeSpan.FromMinutes(30).Ticks * 100);
        var flows = new List<Flow>();
        var until = start - (TimeSpan.FromMinutes(30).Ticks * 100);
        while (flows.Count < count)
        {
            until += 1_000_000_000L;
            engine.GenerateUntil(until, scheduled => flows.Add(scheduled.Flow));
        }

        return flows.Take(count).OrderBy(NetObs.History.Storage.StoredFlow.TimeOf).ToList();
    }
}
