using Cilium.Flow;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Tests;

/// <summary>Runs the scenario engine alone, without servers, over a span of simulated time.</summary>
public static class EngineRun
{
    public const long Start = 1_772_000_000_000_000_000;

    public static List<ScheduledFlow> Generate(ScenarioSet scenarios, TimeSpan span, ulong seed = 3, double rate = 200, int nodes = 3, long start = Start)
    {
        var engine = new ScenarioEngine(new ClusterModel(nodes, "default"), scenarios, seed, rate, start, 0);
        var flows = new List<ScheduledFlow>();
        engine.GenerateUntil(start + (span.Ticks * 100), flows.Add);
        return flows;
    }

    public static List<Flow> Flows(ScenarioSet scenarios, TimeSpan span, ulong seed = 3, double rate = 200) =>
        Generate(scenarios, span, seed, rate).Select(f => f.Flow).ToList();
}
