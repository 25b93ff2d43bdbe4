using NetObs.History.Storage;

namespace NetObs.History.Following;

/// <summary>
/// Drains the <see cref="IngestQueue"/> into the store: gaps first, then flows in batches, each written
/// batch handed to the <see cref="LiveFeed"/>. A failing store is retried with backoff; once the queue
/// has had to drop flows meanwhile, the batch in hand is dropped into a gap too rather than held forever.
/// </summary>
public sealed class StoreWriter(IFlowStore store, IngestQueue queue, LiveFeed feed, TimeProvider clock, TextWriter log)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);
    private readonly Queue<(DateTimeOffset At, int Count)> _recent = new();
    private long _stored;

    /// <summary>Flows written since start.</summary>
    public long Stored => Interlocked.Read(ref _stored);

    /// <summary>Why the last write failed, while the store is failing; null when writes succeed.</summary>
    public string? Problem { get; private set; }

    /// <summary>Flows per second written over the last minute, as ServerStatus's flows_rate counts them.</summary>
    public double RecentRate()
    {
        var since = clock.GetUtcNow() - TimeSpan.FromMinutes(1);
        lock (_recent)
        {
            while (_recent.TryPeek(out var oldest) && oldest.At < since)
            {
                _recent.Dequeue();
            }

            return _recent.Sum(w => (double)w.Count) / 60.0;
        }
    }

    /// <summary>Signalled after every successful write, for tests and status.</summary>
    public event Action<long>? Written;

    /// <summary>Writes until the queue is completed and drained, or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            IReadOnlyList<FlowGap> gaps;
            IReadOnlyList<StoredFlow> flows;
            try
            {
                if (await queue.TakeAsync(cancellationToken).ConfigureAwait(false) is not { } taken)
                {
                    return;
                }

                (gaps, flows) = taken;
            }
            catch (OperationCanceledException)
            {
                return;
            }

            if (await RecordGapsAsync(gaps, cancellationToken).ConfigureAwait(false) is { Count: > 0 } unrecorded)
            {
                queue.ReturnGaps(unrecorded);
                if (flows.Count == 0 && !await BackOffAsync(FirstRetry, cancellationToken).ConfigureAwait(false))
                {
                    return;
                }
            }

            if (flows.Count > 0)
            {
                await AppendAsync(flows, cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Records the gaps in order; returns those that could not be recorded yet.</summary>
    private async Task<IReadOnlyList<FlowGap>> RecordGapsAsync(IReadOnlyList<FlowGap> gaps, CancellationToken cancellationToken)
    {
        for (var i = 0; i < gaps.Count; i++)
        {
            try
            {
                await store.RecordGapAsync(gaps[i], cancellationToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Report(e);
                return gaps.Skip(i).ToList();
            }
        }

        if (gaps.Count > 0)
        {
            await RecoveredAsync().ConfigureAwait(false);
        }

        return [];
    }

    private async Task RecoveredAsync()
    {
        if (Problem is not null)
        {
            await log.WriteLineAsync($"netobs-history: writing to {store.Description} works again").ConfigureAwait(false);
            Problem = null;
        }
    }

    private async Task AppendAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        var droppedBefore = queue.Dropped;
        while (true)
        {
            try
            {
                await store.AppendAsync(flows, cancellationToken).ConfigureAwait(false);
                await RecoveredAsync().ConfigureAwait(false);

                Interlocked.Add(ref _stored, flows.Count);
                lock (_recent)
                {
                    _recent.Enqueue((clock.GetUtcNow(), flows.Count));
                }

                feed.Publish(flows);
                Written?.Invoke(Stored);
                return;
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                Report(e);
            }

            if (queue.Dropped != droppedBefore)
            {
                // Newer flows are being dropped already: holding on to older ones only widens the hole.
                foreach (var gap in IngestQueue.DroppedGaps(flows, "the store rejected the write"))
                {
                    queue.AddGap(gap);
                }

                return;
            }

            if (!await BackOffAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    private async Task<bool> BackOffAsync(TimeSpan delay, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    /// <summary>
    /// One stderr line when writing starts to fail, naming the first error, and one when it works again: an outage
    /// is one cause however many retries, batches and gap records fail during it (the wording of each differs).
    /// </summary>
    private void Report(Exception error)
    {
        if (Problem is null)
        {
            log.WriteLine(
                $"netobs-history: writing to {store.Description} fails: {error.Message.TrimEnd('.')}; serving what is stored, holding new flows in the buffer " +
                "(--buffer-flows), recording a gap for what it cannot hold, and retrying with backoff up to 10 s");
        }

        Problem = error.Message;
    }
}
