namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Compresses a batch's original blocks in order on helper threads while the writer appends the rows: the writer asks
/// for each block as it reaches the block's first row, and compresses blocks itself rather than wait when it catches
/// up. Compressing every block before the first append left the appender's core idle while the blocks compressed and
/// the other core idle while the rows were appended.
/// </summary>
internal sealed class OriginalBlockCompression
{
    private readonly IReadOnlyList<StoredFlow> _flows;
    private readonly IReadOnlyList<OriginalBlocks.Run> _runs;
    private readonly byte[]?[] _encoded;
    private readonly Task _helpers;
    private int _next = -1;
    private Exception? _failure;

    private OriginalBlockCompression(IReadOnlyList<StoredFlow> flows, IReadOnlyList<OriginalBlocks.Run> runs, int helpers)
    {
        _flows = flows;
        _runs = runs;
        _encoded = new byte[runs.Count][];
        _helpers = helpers == 0 ? Task.CompletedTask : Task.WhenAll(Enumerable.Range(0, helpers).Select(_ => Task.Run(Help)));
    }

    /// <summary>Starts compressing the blocks of <paramref name="runs"/> on all but one core (the writer's).</summary>
    public static OriginalBlockCompression Start(IReadOnlyList<StoredFlow> flows, IReadOnlyList<OriginalBlocks.Run> runs) =>
        new(flows, runs, Math.Min(Environment.ProcessorCount - 1, runs.Count));

    /// <summary>The compressed block <paramref name="index"/>; compresses later blocks meanwhile if a helper has it in hand.</summary>
    public byte[] Get(int index)
    {
        var spin = new SpinWait();
        while (true)
        {
            if (Volatile.Read(ref _encoded[index]) is { } block)
            {
                return block;
            }

            if (Volatile.Read(ref _failure) is { } failure)
            {
                throw new InvalidOperationException("Compressing a block of flows failed.", failure);
            }

            if (!TryEncodeNext())
            {
                // Every block is taken: a helper is finishing this one.
                spin.SpinOnce();
            }
        }
    }

    /// <summary>Waits for the helpers, so that none outlives the batch.</summary>
    public Task CompletedAsync() => _helpers;

    private void Help()
    {
        try
        {
            while (TryEncodeNext())
            {
            }
        }
        catch (Exception e)
        {
            Volatile.Write(ref _failure, e);
        }
    }

    private bool TryEncodeNext()
    {
        var index = Interlocked.Increment(ref _next);
        if (index >= _runs.Count)
        {
            return false;
        }

        var run = _runs[index];
        Volatile.Write(ref _encoded[index], OriginalBlockCodec.Encode(_flows, run.Start, run.Count));
        return true;
    }
}
