using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;
using NetObs.Testing.Simulator;

namespace NetObs.History.Tests.Following;

/// <summary>The simulator as the history tests run it (300 flows/s, a minute of backfill) and a look into its buffers.</summary>
internal static class HistorySimulator
{
    /// <summary>Starts the simulator; <paramref name="buffer"/> is each node's ring capacity.</summary>
    public static Task<SimulatorProcess> StartAsync(int port = 0, int buffer = 4095, ulong seed = 11) =>
        SimulatorProcess.StartAsync(port, buffer, rate: 300, seed, backfill: "1m");

    /// <summary>Every flow the simulator's buffers hold right now (GetFlows without follow), to compare with what history stored.</summary>
    public static async Task<IReadOnlyList<Flow>> BufferedFlowsAsync(this SimulatorProcess simulator)
    {
        using var channel = GrpcChannel.ForAddress($"http://{simulator.Address}");
        var observer = new Cilium.Observer.Observer.ObserverClient(channel);
        var flows = new List<Flow>();
        using var call = observer.GetFlows(new GetFlowsRequest { Since = new Timestamp() });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
    }
}
