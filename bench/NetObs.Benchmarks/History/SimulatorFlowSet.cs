using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Flows of every simulator scenario over three nodes, one simulated minute at a time, each kept as the
/// GetFlowsResponse bytes a relay would send, so an ingest measure starts where the history server's follower does.
/// </summary>
internal sealed class SimulatorFlowSet
{
    private SimulatorFlowSet(IReadOnlyList<byte[]> responses, IReadOnlyList<Flow> flows, long firstNs, long lastNs)
    {
        Responses = responses;
        Flows = flows;
        FirstNs = firstNs;
        LastNs = lastNs;
    }

    /// <summary>Serialized GetFlowsResponse messages, in time order.</summary>
    public IReadOnlyList<byte[]> Responses { get; }

    /// <summary>The same flows, parsed.</summary>
    public IReadOnlyList<Flow> Flows { get; }

    public long FirstNs { get; }

    public long LastNs { get; }

    /// <summary>Generates <paramref name="count"/> flows of all scenarios at 2,000 flows/s (seed 1) from a fixed time.</summary>
    public static SimulatorFlowSet Generate(int count, long startNs = 1_772_000_000_000_000_000)
    {
        var cluster = new ClusterModel(3, "default");
        var engine = new ScenarioEngine(cluster, ScenarioSet.All, 1, 2_000, startNs, 0);
        var responses = new List<byte[]>(count);
        var flows = new List<Flow>(count);
        var until = startNs;
        while (flows.Count < count)
        {
            until += 60_000_000_000;
            engine.GenerateUntil(until, scheduled =>
            {
                if (flows.Count >= count)
                {
                    return;
                }

                var flow = scheduled.Flow;
                flows.Add(flow);
                responses.Add(new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time ?? Timestamp.FromDateTime(DateTime.UnixEpoch) }.ToByteArray());
            });
        }

        return new SimulatorFlowSet(responses, flows, TimeOf(flows[0]), TimeOf(flows[^1]));
    }

    public static long TimeOf(Flow flow) => flow.Time is { } time ? (time.Seconds * 1_000_000_000L) + time.Nanos : 0;
}
