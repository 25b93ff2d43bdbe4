using NetObs.History.Following;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Observer;

/// <summary>The live part of a followed GetFlows: flows as the store writes them, filtered, until the client leaves or <c>until</c> passes.</summary>
public sealed class LiveFlowStream(LiveFeed.Subscription subscription, FlowFilterEvaluator evaluator, FeedHandOver handOver, FlowWindow window,
    FlowResponseWriter writer, TimeProvider clock)
{
    public async Task RunAsync(CancellationToken cancellation)
    {
        while (await subscription.Batches.WaitToReadAsync(cancellation).ConfigureAwait(false))
        {
            while (subscription.Batches.TryRead(out var batch))
            {
                if (subscription.TakeLost() is > 0 and var lost)
                {
                    await writer.WriteLostAsync(lost, clock.GetUtcNow()).ConfigureAwait(false);
                }

                foreach (var flow in batch)
                {
                    if (flow.TimeNs > window.UntilNs)
                    {
                        // Hubble ends a followed stream at the first event past `until`.
                        await writer.FlushAsync().ConfigureAwait(false);
                        return;
                    }

                    if (flow.TimeNs >= window.SinceNs && handOver.TakeFromFeed(flow) && evaluator.Matches(flow.Flow))
                    {
                        await writer.WriteFlowAsync(flow).ConfigureAwait(false);
                    }
                }
            }

            await writer.FlushAsync().ConfigureAwait(false);
        }
    }
}
