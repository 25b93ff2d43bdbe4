using System.Runtime.CompilerServices;
using System.Threading.Channels;
using Cilium.Observer;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.FlowValues;
using NetObs.Query.Flows;
using NetObs.Query.Model;

namespace NetObs.Query.Streaming;

/// <summary>
/// Follows new flows of a filter (GetFlows with follow) and yields them in batches. A bounded channel
/// sits between the relay reader and the consumer: when Grafana is slow the reader stops reading, so
/// gRPC flow control pushes back on the relay and memory stays at most capacity × batch size flows.
/// </summary>
public sealed class LiveTail(IFlowSource source, LiveTailOptions options)
{
    public async IAsyncEnumerable<IReadOnlyList<FlowRecord>> FollowAsync(CompiledFilter filter, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var channel = Channel.CreateBounded<FlowRecord>(new BoundedChannelOptions(options.MaxBatch * options.MaxPendingBatches)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
            SingleWriter = true,
        });

        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var reader = ReadAsync(filter, channel.Writer, stop.Token);
        try
        {
            var batch = new List<FlowRecord>(options.MaxBatch);
            while (await channel.Reader.WaitToReadAsync(cancellationToken).ConfigureAwait(false))
            {
                // Gather what arrives within the flush interval, up to a full batch.
                using var flush = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                flush.CancelAfter(options.FlushInterval);
                try
                {
                    while (batch.Count < options.MaxBatch)
                    {
                        if (channel.Reader.TryRead(out var record))
                        {
                            batch.Add(record);
                        }
                        else if (!await channel.Reader.WaitToReadAsync(flush.Token).ConfigureAwait(false))
                        {
                            break;
                        }
                    }
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                }

                if (batch.Count > 0)
                {
                    yield return batch;
                    batch = new List<FlowRecord>(options.MaxBatch);
                }
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            try
            {
                await reader.ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }
        }
    }

    private async Task ReadAsync(CompiledFilter filter, ChannelWriter<FlowRecord> writer, CancellationToken cancellationToken)
    {
        Exception? failure = null;
        try
        {
            var request = new GetFlowsRequest { Follow = true };
            request.Whitelist.AddRange(filter.Allowlist);
            request.Blacklist.AddRange(filter.Denylist);
            await foreach (var response in source.GetFlowsAsync(request, cancellationToken).ConfigureAwait(false))
            {
                if (response.Flow is not { } flow)
                {
                    continue;
                }

                var time = flow.Time ?? response.Time;
                var ns = time is null ? 0 : (time.Seconds * 1_000_000_000L) + time.Nanos;
                await writer.WriteAsync(new FlowRecord(flow, ns, flow.NodeName.Length > 0 ? flow.NodeName : response.NodeName), cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            failure = e;
            throw;
        }
        finally
        {
            writer.TryComplete(failure);
        }
    }
}
