using NetObs.History.Storage;

namespace NetObs.History.Following;

/// <summary>
/// The bounded queue between the relay followers and the store. Flows are grouped into chunks as they
/// arrive; the writer takes every whole chunk waiting, up to a batch bound, so batches grow while the store is slow
/// and each commit's cost is spread over more flows. When a bound is reached (flows, or bytes of the flows' originals)
/// the oldest chunk is dropped and becomes a <see cref="FlowGapReason.DroppedWrites"/> gap, so memory stays bounded
/// and the loss is recorded, never silent.
/// </summary>
public sealed class IngestQueue
{
    /// <summary>
    /// The default batch bound: exactly one DuckDB row group (122,880 rows, 15 chunks). A transaction that appends a
    /// whole row group has DuckDB write it to the file at once, compressed, instead of logging the rows to the WAL
    /// and compressing them again at the next checkpoint; measured by the ingest benchmark (docs/history.md). One
    /// chunk more (131,072) also wrote the 8,192 rows past the row group as a row group of their own at every commit,
    /// which the next checkpoint merged and wrote again: 300,000 rows appended that way left 71 of 227 blocks of the
    /// file free after the checkpoint, against none in batches of 122,880.
    /// </summary>
    public const int DefaultMaxBatch = 15 * ChunkSize;

    /// <summary>
    /// The default bound on the bytes waiting: 1 GiB of originals, about a million flows of the simulator's scenarios
    /// (--buffer-flows' default), so the flow bound is the one that usually holds and large flows cannot grow the heap past it.
    /// </summary>
    public const long DefaultMaxBytes = 1L << 30;

    // What a queued flow costs besides its bytes: the StoredFlow and the rest of the message it came in (its node and
    // time fields). The bytes lie in a shared slab (MessageSlab) that is freed with its last flow, so besides what is
    // counted here the queue may keep alive the unused tail of a slab per reading thread, and the head of the oldest
    // slab while its last flows wait: at most a few slabs of 256 KB, not per flow.
    private const int FlowOverheadBytes = 96;

    private const int ChunkSize = 8192;
    private readonly object _gate = new();
    private readonly LinkedList<List<StoredFlow>> _chunks = new();
    private readonly List<FlowGap> _gaps = [];
    private readonly int _capacity;
    private readonly int _maxBatch;
    private readonly long _maxBytes;
    private TaskCompletionSource _available = NewSignal();
    private int _queued;
    private long _queuedBytes;
    private bool _completed;

    /// <param name="capacity">How many flows may wait for the store.</param>
    /// <param name="maxBatch">At most how many flows one take hands to the writer (whole chunks; at least one chunk).</param>
    /// <param name="maxBytes">How many bytes of originals (plus a small cost per flow) may wait for the store.</param>
    public IngestQueue(int capacity, int maxBatch = DefaultMaxBatch, long maxBytes = DefaultMaxBytes)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatch, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBytes, 1);
        _capacity = capacity;
        _maxBatch = maxBatch;
        _maxBytes = maxBytes;
    }

    /// <summary>How many flows may wait for the store (--buffer-flows).</summary>
    public int Capacity => _capacity;

    /// <summary>Flows waiting for the store.</summary>
    public int Queued
    {
        get
        {
            lock (_gate)
            {
                return _queued;
            }
        }
    }

    /// <summary>Bytes of the waiting flows' originals, plus a small cost per flow.</summary>
    public long QueuedBytes
    {
        get
        {
            lock (_gate)
            {
                return _queuedBytes;
            }
        }
    }

    /// <summary>Flows dropped because the bound was reached, since start.</summary>
    public long Dropped { get; private set; }

    /// <summary>Queues a flow; drops the oldest chunk into a gap when the bound is reached.</summary>
    public void Add(StoredFlow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        lock (_gate)
        {
            var last = _chunks.Last?.Value;
            if (last is null || last.Count >= ChunkSize)
            {
                last = new List<StoredFlow>(Math.Min(ChunkSize, _capacity));
                _chunks.AddLast(last);
            }

            last.Add(flow);
            _queued++;
            _queuedBytes += SizeOf(flow);
            while ((_queued > _capacity || _queuedBytes > _maxBytes) && _chunks.First is { } oldest)
            {
                Remove(oldest.Value);
                Dropped += oldest.Value.Count;
                _gaps.AddRange(DroppedGaps(oldest.Value));
            }

            _available.TrySetResult();
        }
    }

    /// <summary>Queues a gap to be recorded before the next flows.</summary>
    public void AddGap(FlowGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        lock (_gate)
        {
            _gaps.Add(gap);
            _available.TrySetResult();
        }
    }

    /// <summary>No more flows will come (the server is stopping); the writer drains what is queued and ends.</summary>
    public void Complete()
    {
        lock (_gate)
        {
            _completed = true;
            _available.TrySetResult();
        }
    }

    /// <summary>
    /// Waits until there is something to write and takes it: gaps first, then the oldest chunks, whole, as many as
    /// fit the batch bound (always at least one). Returns null once the queue is completed and empty.
    /// </summary>
    public async Task<(IReadOnlyList<FlowGap> Gaps, IReadOnlyList<StoredFlow> Flows)?> TakeAsync(CancellationToken cancellationToken)
    {
        while (true)
        {
            Task signal;
            lock (_gate)
            {
                if (_gaps.Count > 0 || _chunks.Count > 0)
                {
                    var gaps = _gaps.ToArray();
                    _gaps.Clear();
                    return (gaps, TakeChunks());
                }

                if (_completed)
                {
                    return null;
                }

                _available = NewSignal();
                signal = _available.Task;
            }

            await signal.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The oldest chunks that fit the batch bound, removed from the queue; call under the lock.</summary>
    private IReadOnlyList<StoredFlow> TakeChunks()
    {
        if (_chunks.First is not { } first)
        {
            return [];
        }

        Remove(first.Value);
        if (_chunks.First is null || first.Value.Count + _chunks.First.Value.Count > _maxBatch)
        {
            return first.Value;
        }

        var batch = new List<StoredFlow>(Math.Min(_maxBatch, first.Value.Count + _queued));
        batch.AddRange(first.Value);
        while (_chunks.First is { } next && batch.Count + next.Value.Count <= _maxBatch)
        {
            Remove(next.Value);
            batch.AddRange(next.Value);
        }

        return batch;
    }

    /// <summary>Removes the oldest chunk, which is <paramref name="chunk"/>, from the counts; call under the lock.</summary>
    private void Remove(List<StoredFlow> chunk)
    {
        _chunks.RemoveFirst();
        _queued -= chunk.Count;
        foreach (var flow in chunk)
        {
            _queuedBytes -= SizeOf(flow);
        }
    }

    private static long SizeOf(StoredFlow flow) => flow.Original.Length + FlowOverheadBytes;

    /// <summary>Puts back gaps the store could not record yet.</summary>
    public void ReturnGaps(IEnumerable<FlowGap> gaps)
    {
        lock (_gate)
        {
            _gaps.InsertRange(0, gaps);
        }
    }

    /// <summary>One gap per node of a dropped chunk, with its time range and count.</summary>
    public static IEnumerable<FlowGap> DroppedGaps(IReadOnlyList<StoredFlow> flows, string why = "the store did not keep up and the history server's buffer was full")
    {
        ArgumentNullException.ThrowIfNull(flows);
        return flows
            .GroupBy(f => (f.Cluster, f.Node))
            .Select(g => new FlowGap(g.Key.Cluster, g.Key.Node, g.Min(f => f.TimeNs), g.Max(f => f.TimeNs), g.Count(), FlowGapReason.DroppedWrites,
                $"{g.Count()} flows were dropped because {why}"));
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}
