using NetObs.History.Storage;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.History.Tests.Storage;

/// <summary>Flows of every simulator scenario over a span of simulated time, as the stores receive them.</summary>
public static class ScenarioFlows
{
    public const long Start = 1_772_000_000_000_000_000;
    public const string Cluster = "sim";

    private static readonly Lazy<IReadOnlyList<StoredFlow>> Default = new(() => Generate(TimeSpan.FromSeconds(40), seed: 5, rate: 60));

    /// <summary>A few thousand flows of all scenarios over forty seconds (cached; do not modify).</summary>
    public static IReadOnlyList<StoredFlow> All => Default.Value;

    public static IReadOnlyList<StoredFlow> Generate(TimeSpan span, ulong seed, double rate = 200, long start = Start, string cluster = Cluster)
    {
        var engine = new ScenarioEngine(new ClusterModel(3, cluster), ScenarioSet.All, seed, rate, start, 0);
        var flows = new List<StoredFlow>();
        engine.GenerateUntil(start + (span.Ticks * 100), f => flows.Add(StoredFlow.From(cluster, f.Flow)));
        return flows;
    }
}
