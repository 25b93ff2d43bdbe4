using NetObs.History.Storage;

namespace NetObs.History.Following;

/// <summary>
/// Drains the <see cref="IngestQueue"/> into the store: gaps first, then flows in batches, each written
/// batch handed to the <see cref="LiveFeed"/>. A failing store is retried with backoff; once the queue
/// has had to drop flows meanwhile, the batch in hand is dropped into a gap too rather than held forever.
/// A write whose outcome is unknown (sent, then the connection broke) may have been stored: before retrying it or
/// recording it as a gap, the writer asks the store which of its flows landed, so neither a duplicate nor a false gap
/// comes of it; a batch given up while the store is down is remembered by its keys only until the store answers.
/// A store that can overlap batches (<see cref="IOverlappingAppends"/>) gets the next batch while the previous one
/// commits; a batch counts as written (and goes to the live feed) only once it is durable, and one that fails goes
/// through the same retries as any failed write.
/// </summary>
/// <param name="overlapBatches">Whether to stage the next batch while the previous one commits, where the store can (the ingest benchmark turns it off to compare).</param>
public sealed class StoreWriter(IFlowStore store, IngestQueue queue, LiveFeed feed, TimeProvider clock, TextWriter log, bool overlapBatches = true)
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(10);
    private readonly Queue<(DateTimeOffset At, int Count)> _recent = new();

    // Batches given up while their outcome was unknown, as keys (~40 bytes a flow, not the flows). Only a write cut off
    // mid-request adds one, so an outage adds about one batch, and the list empties once the store answers again; a
    // store that keeps cutting writes off and never answers a read is bounded by KeepUndecided.
    private readonly List<IReadOnlyList<StoredFlowKey>> _undecided = [];
    private long _undecidedKeys;

    // Gaps whose write was cut off: before writing one again the writer asks whether it is stored. Gaps are few (one per
    // node and outage), so this stays small; a gap leaves it once recorded or found.
    private readonly HashSet<FlowGap> _gapsInDoubt = [];
    private long _stored;

    // The batch staged in an overlapping store and not yet known to be durable, with the task that says so.
    private (IReadOnlyList<StoredFlow> Flows, Task Durable)? _inFlight;

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
            if (Problem is null)
            {
                // Only once writing works again: asking a store that hangs would hold the writer up a second time per batch.
                await DecideUndecidedAsync(cancellationToken).ConfigureAwait(false);
            }

            IReadOnlyList<FlowGap> gaps;
            IReadOnlyList<StoredFlow> flows;
            try
            {
                if (queue.Queued == 0)
                {
                    // Nothing to overlap with: the batch in flight is counted and fed live now, not when the next one comes.
                    await SettleInFlightAsync(cancellationToken).ConfigureAwait(false);
                }

                if (await queue.TakeAsync(cancellationToken).ConfigureAwait(false) is not { } taken)
                {
                    // Drained: settle what is still in doubt (its gaps go through the queue once more), or say so.
                    if (_undecided.Count > 0)
                    {
                        await DecideUndecidedAsync(cancellationToken).ConfigureAwait(false);
                        if (_undecided.Count == 0)
                        {
                            continue;
                        }
                    }

                    await ReportUndecidedAsync().ConfigureAwait(false);
                    return;
                }

                (gaps, flows) = taken;
            }
            catch (OperationCanceledException)
            {
                break;
            }

            if (gaps.Count > 0)
            {
                // A gap is recorded after every flow taken before it.
                await SettleInFlightAsync(cancellationToken).ConfigureAwait(false);
            }

            if (await RecordGapsAsync(gaps, cancellationToken).ConfigureAwait(false) is { Count: > 0 } unrecorded)
            {
                queue.ReturnGaps(unrecorded);
                if (flows.Count == 0 && !await BackOffAsync(FirstRetry, cancellationToken).ConfigureAwait(false))
                {
                    break;
                }
            }

            if (flows.Count > 0)
            {
                await WriteAsync(flows, cancellationToken).ConfigureAwait(false);
            }
        }

        // Stopped by cancellation rather than by draining.
        await SettleInFlightAsync(cancellationToken).ConfigureAwait(false);
        await ReportUndecidedAsync().ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a batch: staged behind the one in flight when the store overlaps batches and writing works, otherwise
    /// once the one in flight is settled, with retries.
    /// </summary>
    private async Task WriteAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken)
    {
        if (overlapBatches && store is IOverlappingAppends overlapping && Problem is null && _undecided.Count == 0)
        {
            Task? durable = null;
            try
            {
                durable = await overlapping.StageAsync(flows, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception)
            {
                // Nothing of the batch is stored. The retrying path below writes it and reports what fails; when stopping,
                // it keeps the batch as undecided, as for any write cut off.
            }

            await SettleInFlightAsync(cancellationToken).ConfigureAwait(false);
            if (durable is not null)
            {
                _inFlight = (flows, durable);
                return;
            }
        }
        else
        {
            await SettleInFlightAsync(cancellationToken).ConfigureAwait(false);
        }

        await AppendAsync(flows, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Waits for the batch in flight: counted once durable, otherwise written again through the retrying path (the
    /// store stored none of it, and did not commit a batch staged behind it either).
    /// </summary>
    private async Task SettleInFlightAsync(CancellationToken cancellationToken)
    {
        if (_inFlight is not { } inFlight)
        {
            return;
        }

        _inFlight = null;
        try
        {
            // Not cancelled: the commit is under way and ends either way, soon.
            await inFlight.Durable.ConfigureAwait(false);
        }
        catch (Exception)
        {
            await AppendAsync(inFlight.Flows, cancellationToken).ConfigureAwait(false);
            return;
        }

        await RecoveredAsync().ConfigureAwait(false);
        Counted(inFlight.Flows);
    }

    /// <summary>Records the gaps in order; returns those that could not be recorded yet.</summary>
    private async Task<IReadOnlyList<FlowGap>> RecordGapsAsync(IReadOnlyList<FlowGap> gaps, CancellationToken cancellationToken)
    {
        for (var i = 0; i < gaps.Count; i++)
        {
            try
            {
                // A gap whose write was cut off may be stored already: recording it again would count its flows twice.
                if (!_gapsInDoubt.Contains(gaps[i]) || !await GapStoredAsync(gaps[i], cancellationToken).ConfigureAwait(false))
                {
                    await store.RecordGapAsync(gaps[i], cancellationToken).ConfigureAwait(false);
                }

                _gapsInDoubt.Remove(gaps[i]);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                Report(e);
                if (e is FlowStoreException { OutcomeUnknown: true })
                {
                    _gapsInDoubt.Add(gaps[i]);
                }

                return gaps.Skip(i).ToList();
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Stopping while the store is slow to take a gap: said once, so that the stop does not lose them silently.
                var left = gaps.Skip(i).ToList();
                log.WriteLine($"netobs-history: stopping before {left.Count} gaps ({left.Sum(g => g.Count)} flows) could be recorded in {store.Description}; check the coverage around that time");
                return left;
            }
        }

        if (gaps.Count > 0)
        {
            await RecoveredAsync().ConfigureAwait(false);
        }

        return [];
    }

    private async Task<bool> GapStoredAsync(FlowGap gap, CancellationToken cancellationToken) =>
        (await store.ReadGapsAsync(gap.FromNs, gap.UntilNs, [gap.Cluster], cancellationToken).ConfigureAwait(false)).Contains(gap);

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
        IReadOnlyList<StoredFlowKey>? undecided = null;
        while (true)
        {
            if (undecided is not null && await LandedAsync(undecided, cancellationToken).ConfigureAwait(false) is { } landed)
            {
                // The store answers again: count what the cut-off write stored, and retry only the rest.
                Counted(flows.Where((_, i) => landed[i]).ToList());
                flows = flows.Where((_, i) => !landed[i]).ToList();
                undecided = null;
                if (flows.Count == 0)
                {
                    await RecoveredAsync().ConfigureAwait(false);
                    return;
                }
            }

            // While the store cannot say what the cut-off write stored, sending the batch again could store some flows
            // twice (a Distributed table may have stored part of it, and a write may pass while reads still fail).
            if (undecided is null)
            {
                try
                {
                    await store.AppendAsync(flows, cancellationToken).ConfigureAwait(false);
                    await RecoveredAsync().ConfigureAwait(false);
                    Counted(flows);
                    return;
                }
                catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
                {
                    // Stopping mid-write: the request may have reached the store, so the stop reports the batch as undecided.
                    KeepUndecided(KeysOf(flows));
                    return;
                }
                catch (Exception e)
                {
                    Report(e);
                    if (e is FlowStoreException { OutcomeUnknown: true })
                    {
                        undecided = KeysOf(flows);
                    }
                }
            }

            if (queue.Dropped != droppedBefore)
            {
                // Newer flows are being dropped already: holding on to older ones only widens the hole.
                if (undecided is null)
                {
                    foreach (var gap in IngestQueue.DroppedGaps(flows, "the store rejected the write"))
                    {
                        queue.AddGap(gap);
                    }
                }
                else
                {
                    KeepUndecided(undecided);
                }

                return;
            }

            if (!await BackOffAsync(delay, cancellationToken).ConfigureAwait(false))
            {
                if (undecided is not null)
                {
                    // Stopping: keep the keys so that the stop reports the batch as undecided rather than forget it.
                    KeepUndecided(undecided);
                }

                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void Counted(IReadOnlyList<StoredFlow> flows)
    {
        if (flows.Count == 0)
        {
            return;
        }

        Interlocked.Add(ref _stored, flows.Count);
        lock (_recent)
        {
            _recent.Enqueue((clock.GetUtcNow(), flows.Count));
        }

        feed.Publish(flows);
        Written?.Invoke(Stored);
    }

    /// <summary>Which keys the store holds; null while it does not answer or when stopping (the next pass asks again).</summary>
    private async Task<IReadOnlyList<bool>?> LandedAsync(IReadOnlyList<StoredFlowKey> keys, CancellationToken cancellationToken)
    {
        try
        {
            return await store.ContainsAsync(keys, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception)
        {
            return null;
        }
    }

    /// <summary>Settles the batches given up in doubt, oldest first, once the store answers: landed flows count as stored, the rest become gaps.</summary>
    private async Task DecideUndecidedAsync(CancellationToken cancellationToken)
    {
        while (_undecided.Count > 0)
        {
            var keys = _undecided[0];
            if (await LandedAsync(keys, cancellationToken).ConfigureAwait(false) is not { } landed)
            {
                return;
            }

            _undecided.RemoveAt(0);
            _undecidedKeys -= keys.Count;
            var stored = landed.Count(l => l);
            if (stored > 0)
            {
                // The flows themselves are gone, so the live feed cannot carry them; a follower reads them from the store.
                Interlocked.Add(ref _stored, stored);
                lock (_recent)
                {
                    _recent.Enqueue((clock.GetUtcNow(), stored));
                }

                Written?.Invoke(Stored);
            }

            AddDroppedGaps(keys.Where((_, i) => !landed[i]).ToList());
        }
    }

    private void AddDroppedGaps(IReadOnlyList<StoredFlowKey> keys, string why = "because the store rejected the write")
    {
        foreach (var node in keys.GroupBy(k => (k.Cluster, k.Node)))
        {
            var count = node.Count();
            queue.AddGap(new FlowGap(node.Key.Cluster, node.Key.Node, node.Min(k => k.TimeNs), node.Max(k => k.TimeNs), count, FlowGapReason.DroppedWrites,
                $"{count} flows were dropped {why}"));
        }
    }

    /// <summary>
    /// Remembers a batch given up in doubt. Its keys may wait no longer than the buffer's worth of flows (--buffer-flows):
    /// beyond that the oldest batches become gaps that say their flows may have been stored, so memory stays bounded
    /// however long a store keeps cutting writes off without answering a read.
    /// </summary>
    private void KeepUndecided(IReadOnlyList<StoredFlowKey> keys)
    {
        _undecided.Add(keys);
        _undecidedKeys += keys.Count;
        while (_undecidedKeys > queue.Capacity && _undecided.Count > 1)
        {
            var oldest = _undecided[0];
            _undecided.RemoveAt(0);
            _undecidedKeys -= oldest.Count;
            AddDroppedGaps(oldest, "because the store stopped answering while writing them (some of them may have been stored)");
        }
    }

    /// <summary>The keys of a batch, each node's and cluster's name kept once rather than once per flow.</summary>
    private static List<StoredFlowKey> KeysOf(IReadOnlyList<StoredFlow> flows)
    {
        var names = new Dictionary<string, string>(StringComparer.Ordinal);
        var keys = new List<StoredFlowKey>(flows.Count);
        foreach (var flow in flows)
        {
            var key = StoredFlowKey.Of(flow);
            keys.Add(key with { Cluster = Shared(key.Cluster), Node = Shared(key.Node) });
        }

        return keys;

        string Shared(string name) => names.TryGetValue(name, out var kept) ? kept : names[name] = name;
    }

    /// <summary>Stopping with batches still in doubt (the store never answered again): say so rather than lose them silently.</summary>
    private async Task ReportUndecidedAsync()
    {
        var flows = _undecided.Sum(k => k.Count);
        if (flows > 0)
        {
            await log.WriteLineAsync(
                $"netobs-history: stopping while {store.Description} does not answer: whether {flows} flows written just before it failed were stored is unknown; " +
                "no gap is recorded for them, so check the coverage around that time once the store is back").ConfigureAwait(false);
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
