using NetObs.Simulator.Buffer;
using NetObs.Simulator.Metrics;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Hosting;

/// <summary>
/// Moves flows from the source into the node ring buffers as their time comes, counting each into
/// the metrics as it is stored, so that /metrics and GetFlows describe the very same flows.
/// </summary>
public sealed class FlowProducer(IFlowSource source, FlowStore store, FlowMetrics metrics, TimeProvider clock)
{
    private static readonly TimeSpan Tick = TimeSpan.FromMilliseconds(10);

    /// <summary>Stores every flow due by now and wakes the followers; returns how many were stored.</summary>
    public int CatchUp()
    {
        var now = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        int stored;
        lock (metrics.Sync)
        {
            stored = source.GenerateUntil(now, Store);
        }

        if (stored > 0)
        {
            store.Arrivals.Pulse();
        }

        return stored;
    }

    public async Task RunAsync(CancellationToken cancellation)
    {
        while (!cancellation.IsCancellationRequested)
        {
            CatchUp();
            try
            {
                await Task.Delay(Tick, clock, cancellation).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private void Store(ScheduledFlow flow)
    {
        var node = store.Nodes[flow.NodeIndex];
        node.Ring.WriteFlow(flow.TimeUnixNanos, flow.Flow);
        node.CountSeen();
        metrics.Record(flow.Flow, node.Name);
    }
}
