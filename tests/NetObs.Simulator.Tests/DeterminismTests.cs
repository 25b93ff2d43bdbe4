using Cilium.Flow;
using Google.Protobuf;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Tests;

public sealed class DeterminismTests
{
    [Fact]
    public void Same_seed_gives_the_same_flows_relative_to_the_start()
    {
        var first = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromSeconds(30), seed: 42, start: EngineRun.Start);
        var second = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromSeconds(30), seed: 42, start: EngineRun.Start + 987_654_321_000);

        Assert.True(first.Count > 3000);
        Assert.Equal(first.Select(f => Relative(f, EngineRun.Start)), second.Select(f => Relative(f, EngineRun.Start + 987_654_321_000)));
    }

    [Fact]
    public void Different_seeds_give_different_flows()
    {
        var first = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromSeconds(10), seed: 1);
        var second = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromSeconds(10), seed: 2);

        Assert.NotEqual(first.Select(f => Relative(f, EngineRun.Start)), second.Select(f => Relative(f, EngineRun.Start)));
    }

    [Fact]
    public void Flows_do_not_depend_on_how_often_the_engine_is_asked()
    {
        var once = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromSeconds(20), seed: 9);
        var engine = new ScenarioEngine(new ClusterModel(3, "default"), ScenarioSet.All, 9, 200, EngineRun.Start, 0);
        var inSteps = new List<ScheduledFlow>();
        for (var t = 0L; t <= 20_000_000_000L; t += 7_300_000)
        {
            engine.GenerateUntil(EngineRun.Start + t, inSteps.Add);
        }

        engine.GenerateUntil(EngineRun.Start + 20_000_000_000L, inSteps.Add);

        Assert.Equal(once.Select(f => Relative(f, EngineRun.Start)), inSteps.Select(f => Relative(f, EngineRun.Start)));
    }

    [Fact]
    public async Task Two_simulators_with_one_seed_serve_the_same_history()
    {
        var clockA = FrozenClock.At("2026-03-01T12:00:00Z");
        var clockB = FrozenClock.At("2026-05-17T03:21:09.123Z");
        await using var a = await RunningSimulator.StartFrozenAsync(seed: 5, backfill: "30s", clock: clockA);
        await using var b = await RunningSimulator.StartFrozenAsync(seed: 5, backfill: "30s", clock: clockB);

        var flowsA = (await a.AllFlowsAsync()).Select(f => Relative(f, a.Host.StartUnixNanos)).ToList();
        var flowsB = (await b.AllFlowsAsync()).Select(f => Relative(f, b.Host.StartUnixNanos)).ToList();

        Assert.NotEmpty(flowsA);
        Assert.Equal(flowsA, flowsB);
    }

    [Fact]
    public void Rate_sets_the_average_number_of_flows_per_second()
    {
        var flows = EngineRun.Generate(ScenarioSet.All, TimeSpan.FromMinutes(2), rate: 250);

        Assert.InRange(flows.Count / 120.0, 200, 300);
    }

    /// <summary>The flow with its time made relative to the start, serialized for an exact comparison.</summary>
    private static string Relative(ScheduledFlow scheduled, long start) => Relative(scheduled.Flow, start);

    private static string Relative(Flow flow, long start)
    {
        var copy = flow.Clone();
        var offset = (copy.Time.Seconds * 1_000_000_000L) + copy.Time.Nanos - start;
        copy.Time = null;
        return $"{offset}|{Convert.ToBase64String(copy.ToByteArray())}";
    }
}
