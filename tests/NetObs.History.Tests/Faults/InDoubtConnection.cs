using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// A real ClickHouse connection whose flow INSERTs can be cut off the way a killed server cuts them: after the server
/// committed (the client never hears so) or before, and which can play a server that refuses connections.
/// </summary>
internal sealed class InDoubtConnection(IClickHouseConnection inner) : IClickHouseConnection
{
    private int _cutAfterCommit;
    private int _cutBeforeCommit;
    private int _flowInserts;
    private int _gapInsertsWhileDown;
    private int _queriesRefused;
    private volatile bool _down;
    private volatile bool _queriesDown;
    private bool _downAfterCut;

    public string Address => inner.Address;

    /// <summary>Flow INSERTs sent to the server, cut off or not.</summary>
    public int FlowInserts => Volatile.Read(ref _flowInserts);

    /// <summary>Gap INSERTs refused while down: the writer has moved past the batch it was holding.</summary>
    public int GapInsertsWhileDown => Volatile.Read(ref _gapInsertsWhileDown);

    /// <summary>Queries refused while <see cref="QueriesDown"/> or <see cref="Down"/>: the writer asked the store.</summary>
    public int QueriesRefused => Volatile.Read(ref _queriesRefused);

    /// <summary>Refuse queries (reads) while inserts pass, as a Distributed table with one shard down can.</summary>
    public bool QueriesDown
    {
        get => _queriesDown;
        set => _queriesDown = value;
    }

    /// <summary>Refuse every request (true) or pass them on (false).</summary>
    public bool Down
    {
        get => _down;
        set => _down = value;
    }

    /// <summary>The next flow INSERT commits, then the connection breaks; with <paramref name="thenDown"/> the server stays down.</summary>
    public void CutNextInsertAfterCommit(bool thenDown)
    {
        _downAfterCut = thenDown;
        Interlocked.Exchange(ref _cutAfterCommit, 1);
    }

    public void CutNextInsertBeforeCommit() => Interlocked.Exchange(ref _cutBeforeCommit, 1);

    public Task<byte[]> QueryAsync(string sql, CancellationToken cancellationToken)
    {
        if (_down || _queriesDown)
        {
            Interlocked.Increment(ref _queriesRefused);
            throw new FlowStoreException($"ClickHouse at {Address} rejected the query: a shard cannot be reached.");
        }

        return inner.QueryAsync(sql, cancellationToken);
    }

    public async Task InsertAsync(string insertStatement, ReadOnlyMemory<byte> rows, CancellationToken cancellationToken)
    {
        var flows = insertStatement.Contains(".flows_local ", StringComparison.Ordinal);
        if (_down && !flows)
        {
            Interlocked.Increment(ref _gapInsertsWhileDown);
        }

        ThrowIfDown();
        if (!flows)
        {
            await inner.InsertAsync(insertStatement, rows, cancellationToken);
            return;
        }

        Interlocked.Increment(ref _flowInserts);
        if (Interlocked.Exchange(ref _cutBeforeCommit, 0) == 1)
        {
            throw Cut();
        }

        await inner.InsertAsync(insertStatement, rows, cancellationToken);
        if (Interlocked.Exchange(ref _cutAfterCommit, 0) == 1)
        {
            _down = _downAfterCut;
            throw Cut();
        }
    }

    private void ThrowIfDown()
    {
        if (_down)
        {
            throw new FlowStoreException($"ClickHouse at {Address} cannot be reached: connection refused.");
        }
    }

    private FlowStoreException Cut() =>
        new($"ClickHouse at {Address} cannot be reached: the server closed the connection mid-reply.") { OutcomeUnknown = true };

    public void Dispose() => inner.Dispose();
}
