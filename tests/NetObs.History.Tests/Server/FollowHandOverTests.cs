using Cilium.Observer;
using NetObs.History.Storage;
using NetObs.History.Tests.Following;
using NetObs.Testing.Simulator;

namespace NetObs.History.Tests.Server;

/// <summary>GetFlows with since and follow: the stored flows, then the live ones, with neither a gap nor a duplicate.</summary>
public sealed class FollowHandOverTests
{
    [Fact]
    public async Task Since_with_follow_streams_history_then_live_flows_without_gap_or_duplicate()
    {
        await using var simulator = await HistorySimulator.StartAsync();
        await using var history = new HistoryFixture();
        await history.StartAsync(simulator.Address);
        await history.WaitForStoredAsync(2000);
        var storedAtStart = history.Host!.Writer.Stored;

        var received = new List<GetFlowsResponse>();
        using (var cancel = new CancellationTokenSource())
        {
            using var call = history.Observer.GetFlows(new GetFlowsRequest { Since = new Google.Protobuf.WellKnownTypes.Timestamp(), Follow = true }, cancellationToken: cancel.Token);

            // Read well past the hand-over: until the live part has carried a few thousand flows written after the call began.
            var liveTarget = storedAtStart + 3000;
            while (await call.ResponseStream.MoveNext(cancel.Token))
            {
                if (call.ResponseStream.Current.Flow is not null)
                {
                    received.Add(call.ResponseStream.Current);
                }

                if (history.Host.Writer.Stored >= liveTarget && received.Count >= liveTarget)
                {
                    break;
                }
            }

            await cancel.CancelAsync();
        }

        var duplicates = received.GroupBy(r => r.Flow.Uuid).Count(g => g.Count() > 1);
        Assert.Equal(0, duplicates);

        // Per node, everything stored up to the newest flow the client received is what the client received.
        var stored = await history.StoredAsync();
        foreach (var node in received.GroupBy(r => r.NodeName))
        {
            var newest = node.Max(r => StoredFlow.TimeOf(r.Flow));
            var expected = stored.Where(f => f.Node == node.Key && f.TimeNs < newest).Select(f => f.Flow.Uuid).Order();
            Assert.Equal(expected, node.Where(r => StoredFlow.TimeOf(r.Flow) < newest).Select(r => r.Flow.Uuid).Order());
        }
    }
}
