using System.Data.Common;
using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Cilium.Flow;
using DuckDB.NET.Data;
using NetObs.History.Aggregation;
using NetObs.History.Sql;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// The embedded store (<c>duckdb:PATH</c>): one DuckDB file that this process owns. Batches are written through DuckDB's
/// appender (data chunks filled through the C API) on two writer connections in turn, so one batch's rows are appended
/// while the batch before commits (<see cref="IOverlappingAppends"/>); reads and aggregations each open their own
/// connection to the same database, so they run beside the writers.
/// </summary>
public sealed class DuckDbFlowStore : IFlowStore, IOverlappingAppends
{
    /// <summary>
    /// Every this many batches one commits with no other batch open, because DuckDB checkpoints automatically only at a
    /// commit with no other transaction open; with every commit overlapped, the WAL would grow without bound. Eight
    /// batches are about a million rows, a small fraction of the default checkpoint threshold's worth of WAL records.
    /// </summary>
    private const int BatchesPerLoneCommit = 8;

    private readonly string _connectionString;

    // The first writer also records gaps, drops old days and rolls up; each connection's lock is held from the
    // moment a batch starts on it until that batch has committed.
    private readonly DuckDBConnection _writer;
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly DuckDBConnection _secondWriter;
    private readonly SemaphoreSlim _secondWriteLock = new(1, 1);

    // Commits the label sets a batch met first, on its own before the batch (DuckDbLabelSets); used under the stage lock.
    private readonly DuckDBConnection _labelSetWriter;
    private readonly DuckDbLabelSets _labelSets = new();
    private readonly DuckDbLabelSetIndex _labelSetIndex = new();

    // One batch is staged at a time, so staging order is commit order; the last staged batch's durability is what
    // the next one waits for before it commits.
    private readonly SemaphoreSlim _stageLock = new(1, 1);
    private Task _lastDurable = Task.CompletedTask;
    private bool _nextOnSecond;
    private int _stagedSinceLoneCommit;
    private long _reservedBlockId;

    // One rollup run at a time, on the connection whose batch just committed (taken after that connection's lock).
    private readonly SemaphoreSlim _rollupLock = new(1, 1);
    private readonly FlowFilterSqlTranslator _translator;
    private readonly SqlFlowAggregations _aggregations;
    private readonly DuckDbRowWriter _rowWriter;
    private readonly DuckDbServiceMapRollup _rollup = new();
    private long _lastBlockId;
    private long _rolledBlock;
    private long _unrolledRows;
    private long _serviceMapsFromRollup;
    private int _disposed;

    /// <summary>Where the write path's time went, stage by stage, since the store was opened (the ingest benchmark prints it).</summary>
    internal DuckDbWriteProfile WriteProfile { get; } = new();

    private DuckDbFlowStore(string description, string connectionString, DuckDBConnection writer, DuckDBConnection secondWriter, DuckDBConnection labelSetWriter)
    {
        Description = description;
        _connectionString = connectionString;
        _writer = writer;
        _secondWriter = secondWriter;
        _labelSetWriter = labelSetWriter;
        _rowWriter = new DuckDbRowWriter(_labelSets);
        _translator = new FlowFilterSqlTranslator(DuckDbDialect.Instance, labelSets: _labelSetIndex);
        _aggregations = new SqlFlowAggregations(DuckDbDialect.Instance, QueryRowsAsync, ReadGapsAsync, CandidateRowsAsync, _labelSetIndex);
    }

    public string Description { get; }

    /// <summary>
    /// How many appended rows wait before they are added to the service-map rollup in one run. A run over a million
    /// rows takes about 0.6 CPU s, about 3 % of what their ingest took; until then maps read those rows
    /// from the flows table, and a larger run writes fewer rollup rows for minutes that span runs.
    /// </summary>
    internal long RollupEveryRows { get; set; } = 1_000_000;

    /// <summary>Awaited before each batch's commit: tests hold a commit back to change the database under it.</summary>
    internal Func<Task> BeforeCommit { get; set; } = () => Task.CompletedTask;

    /// <summary>How many service maps the rollup answered since the store was opened (tests check which path ran).</summary>
    internal long ServiceMapsFromRollup => Interlocked.Read(ref _serviceMapsFromRollup);

    /// <summary>The schema version the file is at after opening.</summary>
    public int SchemaVersion { get; private set; }

    /// <summary>Opens (creating if missing) the DuckDB file at <paramref name="path"/> and applies pending migrations.</summary>
    /// <exception cref="FlowStoreException">The file cannot be opened or created, is in use by another process, or is newer than this server.</exception>
    public static async Task<DuckDbFlowStore> OpenAsync(string path, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var description = "duckdb:" + path;
        var connectionString = "Data Source=" + path;
        var connection = new DuckDBConnection(connectionString);
        var secondWriter = new DuckDBConnection(connectionString);
        var labelSetWriter = new DuckDBConnection(connectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Connections to the same file within one process share DuckDB's database instance.
            await secondWriter.OpenAsync(cancellationToken).ConfigureAwait(false);
            await labelSetWriter.OpenAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception e) when (e is DuckDBException or IOException or UnauthorizedAccessException)
        {
            await labelSetWriter.DisposeAsync().ConfigureAwait(false);
            await secondWriter.DisposeAsync().ConfigureAwait(false);
            await connection.DisposeAsync().ConfigureAwait(false);
            throw new FlowStoreException(
                $"Cannot open the store {description}: {FirstLine(e.Message)}. Check that the directory exists and is writable, " +
                "and that no other netobs-history process uses the same file.", e);
        }

        var store = new DuckDbFlowStore(description, connectionString, connection, secondWriter, labelSetWriter);
        try
        {
            await DuckDbMigrations.ApplyAsync(connection, description, cancellationToken).ConfigureAwait(false);
            store.SchemaVersion = await DuckDbMigrations.CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            await store._labelSetIndex.LoadAsync(connection, cancellationToken).ConfigureAwait(false);
            store._labelSets.Remember(store._labelSetIndex);
            await using (var settings = connection.CreateCommand())
            {
                settings.CommandText = WriterSettings;
                await settings.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            await using var command = connection.CreateCommand();
            command.CommandText = "SELECT greatest(coalesce((SELECT max(block_id) FROM flow_blocks), 0), coalesce((SELECT max(block_id) FROM flows), 0))";
            store._lastBlockId = Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
            store._reservedBlockId = store._lastBlockId;
            store._rolledBlock = await DuckDbServiceMapRollup.RolledBlockAsync(connection, cancellationToken).ConfigureAwait(false);
            store._unrolledRows = await DuckDbServiceMapRollup.PendingRowsAsync(connection, store._rolledBlock, cancellationToken).ConfigureAwait(false);
            if (store._unrolledRows >= store.RollupEveryRows)
            {
                // Rows a migration or a bulk load left: rolled before serving, so the first maps are fast.
                await store.RollUpAsync(cancellationToken).ConfigureAwait(false);
            }
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return store;
    }

    /// <summary>
    /// Settings of the database this store opens (DuckDB applies them to the whole database, not to one connection).
    /// A commit is durable once its WAL record is written, whatever the threshold; the threshold only decides how
    /// much WAL collects before DuckDB folds it into the file, so a larger one checkpoints less often during ingest
    /// (16 MB by default, https://duckdb.org/docs/stable/configuration/overview). The ingest benchmark measured
    /// the commit's share of the store's time fall from about a third to a quarter (docs/history.md).
    /// </summary>
    private const string WriterSettings = "SET checkpoint_threshold = '256MB'";

    public async Task AppendAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken)
    {
        // Not chained: whatever became of the batch before, this one commits after it.
        var durable = await StageAsync(flows, chained: false, cancellationToken).ConfigureAwait(false);
        await durable.ConfigureAwait(false);
    }

    public Task<Task> StageAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken) =>
        StageAsync(flows, chained: true, cancellationToken);

    /// <param name="chained">Whether the batch is dropped (not committed) when the batch staged before it fails.</param>
    private async Task<Task> StageAsync(IReadOnlyList<StoredFlow> flows, bool chained, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flows);
        if (flows.Count == 0)
        {
            return Task.CompletedTask;
        }

        var blocks = OriginalBlocks.Plan(flows);
        await _stageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (++_stagedSinceLoneCommit >= BatchesPerLoneCommit)
            {
                // Lets the previous batch commit alone, so DuckDB may checkpoint then (see BatchesPerLoneCommit).
                _stagedSinceLoneCommit = 0;
                await Settled(_lastDurable).ConfigureAwait(false);
            }

            var (connection, connectionLock) = _nextOnSecond ? (_secondWriter, _secondWriteLock) : (_writer, _writeLock);

            // Free once the batch before the previous one, which used this connection, has committed.
            await connectionLock.WaitAsync(cancellationToken).ConfigureAwait(false);
            _nextOnSecond = !_nextOnSecond;
            DbTransaction? transaction = null;
            try
            {
                var firstBlockId = _reservedBlockId + 1;

                // The originals compress on the other cores while this one appends rows; the writer takes each block as it
                // reaches the block's first row (and compresses blocks itself when it catches up).
                var started = Stopwatch.GetTimestamp();
                var compression = OriginalBlockCompression.Start(flows, blocks);
                var onBlocks = 0L;

                // One transaction per batch, so rows never refer to a block that was not written; committing makes the batch durable.
                transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
                using (var chunks = DuckDbChunkAppender.Create(connection, "flows"))
                {
                    for (var i = 0; i < blocks.Count; i++)
                    {
                        var asked = Stopwatch.GetTimestamp();
                        var block = compression.Get(i);
                        onBlocks += Stopwatch.GetTimestamp() - asked;
                        for (var row = 0; row < blocks[i].Count; row++)
                        {
                            _rowWriter.Append(chunks, flows[blocks[i].Start + row], firstBlockId + i, row, row == 0 ? block : null);
                        }
                    }

                    chunks.Close();
                }

                // Before the batch can commit, so that no committed row names a set the table lacks.
                await _labelSets.SaveNewAsync(_labelSetWriter, _labelSetIndex, cancellationToken).ConfigureAwait(false);
                await compression.CompletedAsync().ConfigureAwait(false);
                _reservedBlockId = firstBlockId + blocks.Count - 1;
                WriteProfile.Add(onBlocks, Stopwatch.GetTimestamp() - started - onBlocks, 0);
                // On a thread of its own: DuckDB.NET commits synchronously, and the caller is to go on with the next batch meanwhile.
                var staged = new StagedBatch(transaction, connection, connectionLock, _reservedBlockId, flows.Count);
                var previous = _lastDurable;
                var durable = Task.Run(() => CommitInOrderAsync(staged, previous, chained), CancellationToken.None);
                transaction = null;
                _lastDurable = durable;
                return durable;
            }
            catch (Exception e) when (e is DuckDBException or DuckDbAppendException)
            {
                throw FlowsNotWritten(flows.Count, e);
            }
            finally
            {
                if (transaction is not null)
                {
                    // Staging failed or was cancelled: nothing of the batch is kept, and the sets it met first are met again.
                    _labelSets.ForgetNew();
                    await EndAsync(transaction, connectionLock).ConfigureAwait(false);
                }
            }
        }
        finally
        {
            _stageLock.Release();
        }
    }

    /// <summary>A batch whose rows are written in an open transaction, holding its connection until it commits.</summary>
    private sealed record StagedBatch(DbTransaction Transaction, DuckDBConnection Connection, SemaphoreSlim ConnectionLock, long LastBlockId, int Rows);

    /// <summary>Commits a staged batch once the batch staged before it is durable, then rolls up if enough rows wait.</summary>
    private async Task CommitInOrderAsync(StagedBatch batch, Task previous, bool chained)
    {
        try
        {
            try
            {
                await previous.ConfigureAwait(false);
            }
            catch (Exception e) when (chained)
            {
                throw new FlowStoreException(
                    $"{batch.Rows} flows were not written to {Description} because the batch written before them failed ({FirstLine(e.Message)}); they can be written again.", e);
            }
            catch (Exception)
            {
                // An unchained batch commits whatever became of the one before it.
            }

            // Not cancelled: the rows are written, and the commit is what makes them count.
            await BeforeCommit().ConfigureAwait(false);
            var committing = Stopwatch.GetTimestamp();
            try
            {
                await batch.Transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
            }
            catch (DuckDBException e)
            {
                throw FlowsNotWritten(batch.Rows, e);
            }

            Volatile.Write(ref _lastBlockId, batch.LastBlockId);
            WriteProfile.Add(0, 0, Stopwatch.GetTimestamp() - committing);
            if (Interlocked.Add(ref _unrolledRows, batch.Rows) >= RollupEveryRows)
            {
                await TryRollAsync(batch.Connection).ConfigureAwait(false);
            }
        }
        finally
        {
            await EndAsync(batch.Transaction, batch.ConnectionLock).ConfigureAwait(false);
        }
    }

    /// <summary>A batch that DuckDB refused, while staging or at its commit: what, where, and what to check.</summary>
    private FlowStoreException FlowsNotWritten(int rows, Exception e) =>
        new($"Writing {rows} flows to {Description} failed: {FirstLine(e.Message)}. Check free disk space and file permissions.", e);

    /// <summary>Rolls back what a transaction left uncommitted and frees its connection, whatever the rollback says.</summary>
    private static async Task EndAsync(DbTransaction transaction, SemaphoreSlim connectionLock)
    {
        try
        {
            await transaction.DisposeAsync().ConfigureAwait(false);
        }
        catch (DuckDBException)
        {
            // A commit that failed (a full disk) has ended the transaction, so rolling back fails too; the commit's error
            // is the one its caller gets. The connection must be freed all the same, or the next batch on it waits forever.
        }
        finally
        {
            connectionLock.Release();
        }
    }

    /// <summary>Completes when <paramref name="task"/> has, whether it succeeded or not.</summary>
    private static async Task Settled(Task task)
    {
        try
        {
            await task.ConfigureAwait(false);
        }
        catch (Exception)
        {
            // Only the wait matters here; the batch's own caller sees its failure.
        }
    }

    /// <summary>Adds every row not yet in the service-map rollup to it now.</summary>
    internal async Task RollUpAsync(CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await TryRollAsync(_writer).ConfigureAwait(false);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>
    /// One rollup run on <paramref name="connection"/>, whose lock the caller holds. It runs after a batch committed, so
    /// it must not fail the append (the writer would write the batch again): if it fails, its transaction rolls back,
    /// the rows stay readable from the flows table, and a later commit tries again. It is not cancelled for the same reason.
    /// </summary>
    private async Task TryRollAsync(DuckDBConnection connection)
    {
        await _rollupLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await TryRollLockedAsync(connection).ConfigureAwait(false);
        }
        finally
        {
            _rollupLock.Release();
        }
    }

    private async Task TryRollLockedAsync(DuckDBConnection connection)
    {
        // Only committed batches: one staged on the other writer is not visible to this transaction yet.
        var lastBlockId = Volatile.Read(ref _lastBlockId);
        if (lastBlockId <= _rolledBlock)
        {
            return;
        }

        try
        {
            await DuckDbServiceMapRollup.RollAsync(connection, _rolledBlock, lastBlockId, CancellationToken.None).ConfigureAwait(false);
            _rolledBlock = lastBlockId;
            Interlocked.Exchange(ref _unrolledRows, 0);
        }
        catch (DuckDBException)
        {
            // Left for the next append; maps stay exact meanwhile, only slower.
        }
    }

    // A DuckDB append is one in-process transaction: it commits or throws, never ends in doubt, so the writer never
    // asks; reading back is the true answer should anyone ask.
    public Task<IReadOnlyList<bool>> ContainsAsync(IReadOnlyList<StoredFlowKey> keys, CancellationToken cancellationToken) =>
        StoredFlowLookup.ContainsAsync(this, keys, cancellationToken);

    public async Task RecordGapAsync(FlowGap gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gap);
        var d = DuckDbDialect.Instance;
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO gaps VALUES (DATE '{FlowColumnValues.Day(gap.UntilNs):yyyy-MM-dd}', {d.StringLiteral(gap.Cluster)}, {d.StringLiteral(gap.Node)}, {gap.FromNs}, {gap.UntilNs}, {gap.Count}, {(int)gap.Reason}, {d.StringLiteral(gap.Detail)})");
        await ExecuteWriteAsync(sql, cancellationToken).ConfigureAwait(false);
    }

    public async IAsyncEnumerable<StoredFlow> ReadAsync(FlowReadRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var evaluator = FlowFilterEvaluator.Compile(request.Allow, request.Deny);
        var condition = _translator.Translate(request);
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var blocks = new DuckDbOriginalReader(OpenReaderAsync);
        var perNode = request.LimitPerNode && request.Limit > 0
            ? new PerNodeLimit(request.Limit, await MatchingNodesAsync(connection, condition, cancellationToken).ConfigureAwait(false))
            : null;
        var returned = 0;
        await foreach (var window in ReadWindowsAsync(connection, request, condition, cancellationToken).ConfigureAwait(false))
        {
            // Without an exact condition the limit can only count flows that pass the evaluator, so it is applied here;
            // a limit per node is always counted here.
            var limit = condition.Exact && request.Limit > 0 && perNode is null ? string.Create(CultureInfo.InvariantCulture, $" LIMIT {request.Limit - returned}") : string.Empty;
            var sql = $"SELECT cluster, node, time_ns, flow, block_id, block_row FROM flows WHERE ({condition.Sql}){window.Sql} ORDER BY time_ns {window.Direction}, rowid {window.Direction}{limit}";
            await foreach (var flow in blocks.ReadAsync(connection, sql, cancellationToken).ConfigureAwait(false))
            {
                if (!condition.Exact && !evaluator.Matches(flow.Flow))
                {
                    continue;
                }

                if (perNode is not null)
                {
                    if (perNode.Take(flow))
                    {
                        yield return flow;
                    }

                    if (perNode.AllFull)
                    {
                        yield break;
                    }

                    continue;
                }

                yield return flow;
                if (++returned == request.Limit)
                {
                    yield break;
                }
            }
        }
    }

    /// <summary>How many nodes have rows the condition selects; with an in-process filter an upper bound, so the read may not stop early.</summary>
    private static async Task<int?> MatchingNodesAsync(DuckDBConnection connection, FlowSqlCondition condition, CancellationToken cancellationToken)
    {
        if (!condition.Exact)
        {
            return null;
        }

        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM (SELECT DISTINCT cluster, node FROM flows WHERE {condition.Sql})";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// The time windows a read runs over. Newest first with a limit, the read goes backwards from the newest stored
    /// flow in windows that grow fourfold, so "the newest 1,000 of a selective filter" scans (and, with an in-process
    /// filter, decompresses) only the recent row groups instead of sorting every candidate; DuckDB's zone maps on
    /// the time-ordered rows skip the rest. Other reads are one window over the whole range.
    /// </summary>
    private static async IAsyncEnumerable<ReadWindow> ReadWindowsAsync(DuckDBConnection connection, FlowReadRequest request, FlowSqlCondition condition,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (request.Order != FlowReadOrder.NewestFirst || request.Limit <= 0)
        {
            yield return new ReadWindow(string.Empty, request.Order == FlowReadOrder.NewestFirst ? "DESC" : "ASC");
            yield break;
        }

        long newest;
        long oldest;
        await using (var command = connection.CreateCommand())
        {
            // Bounds of the requested range only, not of the filter: a cheap scan of one column that the windows then narrow.
            command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT max(time_ns), min(time_ns) FROM flows WHERE time_ns BETWEEN {request.SinceNs} AND {request.UntilNs}");
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false) || reader.IsDBNull(0))
            {
                yield break;
            }

            newest = reader.GetInt64(0);
            oldest = reader.GetInt64(1);
        }

        var width = InitialWindowNs;
        var until = newest;
        while (until >= oldest)
        {
            var since = until - oldest < width ? oldest : until - width + 1;
            yield return new ReadWindow(string.Create(CultureInfo.InvariantCulture, $" AND time_ns BETWEEN {since} AND {until}"), "DESC");
            if (since == oldest)
            {
                yield break;
            }

            until = since - 1;
            width = width > long.MaxValue / 4 ? long.MaxValue : width * 4;
        }
    }

    /// <summary>The first backwards window: ten seconds, a few thousand flows of a busy cluster.</summary>
    private const long InitialWindowNs = 10_000_000_000;

    private sealed record ReadWindow(string Sql, string Direction);

    public async Task<IReadOnlyList<FlowGap>> ReadGapsAsync(long sinceNs, long untilNs, IReadOnlyList<string> clusters, CancellationToken cancellationToken)
    {
        var d = DuckDbDialect.Instance;
        var where = string.Create(CultureInfo.InvariantCulture, $"until_ns >= {sinceNs} AND from_ns <= {untilNs}");
        if (clusters.Count > 0)
        {
            where += $" AND cluster IN ({string.Join(", ", clusters.Select(d.StringLiteral))})";
        }

        var gaps = new List<FlowGap>();
        await foreach (var row in QueryRowsAsync($"SELECT cluster, node, from_ns, until_ns, count, reason, detail FROM gaps WHERE {where} ORDER BY from_ns, until_ns, cluster, node", cancellationToken).ConfigureAwait(false))
        {
            gaps.Add(new FlowGap((string)row[0]!, (string)row[1]!, Convert.ToInt64(row[2], CultureInfo.InvariantCulture), Convert.ToInt64(row[3], CultureInfo.InvariantCulture),
                Convert.ToInt64(row[4], CultureInfo.InvariantCulture), (FlowGapReason)Convert.ToInt32(row[5], CultureInfo.InvariantCulture), (string)row[6]!));
        }

        return gaps;
    }

    public async Task<StoreSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        var nodes = new List<NodeSummary>();
        await foreach (var row in QueryRowsAsync("SELECT cluster, node, count(*), min(time_ns), max(time_ns) FROM flows GROUP BY cluster, node ORDER BY cluster, node", cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new NodeSummary((string)row[0]!, (string)row[1]!, Convert.ToInt64(row[2], CultureInfo.InvariantCulture),
                Convert.ToInt64(row[3], CultureInfo.InvariantCulture), Convert.ToInt64(row[4], CultureInfo.InvariantCulture)));
        }

        var clusters = nodes.GroupBy(n => n.Cluster, StringComparer.Ordinal)
            .Select(g => new ClusterSummary(g.Key, g.Sum(n => n.FlowCount), g.Min(n => n.OldestNs), g.Max(n => n.NewestNs)))
            .ToList();

        var namespaces = new List<NamespaceSummary>();
        const string namespacesSql =
            "SELECT DISTINCT cluster, ns FROM (SELECT cluster, source_namespace AS ns FROM flows UNION ALL SELECT cluster, destination_namespace AS ns FROM flows) " +
            "WHERE ns <> '' ORDER BY cluster, ns";
        await foreach (var row in QueryRowsAsync(namespacesSql, cancellationToken).ConfigureAwait(false))
        {
            namespaces.Add(new NamespaceSummary((string)row[0]!, (string)row[1]!));
        }

        return new StoreSummary(
            clusters.Count == 0 ? 0 : clusters.Min(c => c.OldestNs),
            clusters.Count == 0 ? 0 : clusters.Max(c => c.NewestNs),
            clusters.Sum(c => c.FlowCount),
            clusters,
            nodes,
            namespaces);
    }

    public async Task<StoredPosition> PositionAsync(string cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        var literal = DuckDbDialect.Instance.StringLiteral(cluster);
        long? newest = null;
        await foreach (var row in QueryRowsAsync($"SELECT max(time_ns) FROM flows WHERE cluster = {literal}", cancellationToken).ConfigureAwait(false))
        {
            newest = row[0] is null ? null : Convert.ToInt64(row[0], CultureInfo.InvariantCulture);
        }

        if (newest is not { } newestNs)
        {
            return StoredPosition.Empty(cluster);
        }

        var atNewest = new List<ReadOnlyMemory<byte>>();
        await using (var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await using var blocks = new DuckDbOriginalReader(OpenReaderAsync);
            var sql = string.Create(CultureInfo.InvariantCulture, $"SELECT cluster, node, time_ns, flow, block_id, block_row FROM flows WHERE cluster = {literal} AND time_ns = {newestNs}");
            await foreach (var flow in blocks.ReadAsync(connection, sql, cancellationToken).ConfigureAwait(false))
            {
                atNewest.Add(flow.Original);
            }
        }

        return new StoredPosition(cluster, newestNs, atNewest);
    }

    public async Task<int> DropDaysBeforeAsync(long cutoffNs, CancellationToken cancellationToken)
    {
        // A day [d, d+1) ends at or before the cutoff exactly when d is before the cutoff's own day.
        var day = string.Create(CultureInfo.InvariantCulture, $"DATE '{FlowColumnValues.Day(cutoffNs):yyyy-MM-dd}'");
        var dropped = 0;
        await foreach (var row in QueryRowsAsync($"SELECT count(DISTINCT day) FROM (SELECT day FROM flows WHERE day < {day} UNION ALL SELECT day FROM gaps WHERE day < {day})", cancellationToken).ConfigureAwait(false))
        {
            dropped = Convert.ToInt32(row[0], CultureInfo.InvariantCulture);
        }

        if (dropped > 0)
        {
            await ExecuteWriteAsync($"DELETE FROM flows WHERE day < {day}; DELETE FROM flow_blocks WHERE day < {day}; DELETE FROM gaps WHERE day < {day}; DELETE FROM service_map_minutes WHERE day < {day}; CHECKPOINT;", cancellationToken).ConfigureAwait(false);
            await DropUnnamedLabelSetsAsync(cancellationToken).ConfigureAwait(false);
        }

        return dropped;
    }

    /// <summary>
    /// Drops the label sets no row names any more, from the table, the index and the writer's lookup: pods whose labels
    /// are their own (a job's run, a stateful pod) would otherwise add sets for as long as the file lives.
    /// </summary>
    private async Task DropUnnamedLabelSetsAsync(CancellationToken cancellationToken)
    {
        // No batch is staged or committing meanwhile, so none can name a set between the query and the delete.
        await _stageLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await Settled(_lastDurable).ConfigureAwait(false);
            var unnamed = new HashSet<uint>();
            await foreach (var row in QueryRowsAsync(
                $"SELECT id FROM label_sets EXCEPT SELECT {DuckDbLabelSetIndex.SourceColumn} FROM flows EXCEPT SELECT {DuckDbLabelSetIndex.DestinationColumn} FROM flows",
                cancellationToken).ConfigureAwait(false))
            {
                unnamed.Add(Convert.ToUInt32(row[0], CultureInfo.InvariantCulture));
            }

            if (unnamed.Count == 0)
            {
                return;
            }

            await using (var command = _labelSetWriter.CreateCommand())
            {
                command.CommandText = $"DELETE FROM label_sets WHERE id IN ({string.Join(", ", unnamed)})";
                await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
            }

            _labelSets.Forget(unnamed);
            _labelSetIndex.Remove(unnamed);
        }
        catch (DuckDBException e)
        {
            throw new FlowStoreException($"Dropping the label sets of the dropped days from {Description} failed: {FirstLine(e.Message)}. They are kept, and dropped again at the next retention run.", e);
        }
        finally
        {
            _stageLock.Release();
        }
    }

    public Task<TimeSeriesResult> TimeSeriesAsync(TimeSeriesQuery query, CancellationToken cancellationToken) => _aggregations.TimeSeriesAsync(query, cancellationToken);

    public Task<TopGroupsResult> TopGroupsAsync(TopGroupsQuery query, CancellationToken cancellationToken) => _aggregations.TopGroupsAsync(query, cancellationToken);

    public async Task<ServiceMapResult> ServiceMapAsync(ServiceMapQuery query, CancellationToken cancellationToken)
    {
        if (await _rollup.TryBuildAsync(query, OpenReaderAsync, cancellationToken).ConfigureAwait(false) is { } fromRollup)
        {
            Interlocked.Increment(ref _serviceMapsFromRollup);
            return fromRollup;
        }

        return await _aggregations.ServiceMapAsync(query, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The service map grouped from the flows table alone, as for a filter the rollup cannot decide (the benchmark compares the two paths).</summary>
    internal Task<ServiceMapResult> ServiceMapFromFlowsTableAsync(ServiceMapQuery query, CancellationToken cancellationToken) => _aggregations.ServiceMapAsync(query, cancellationToken);

    public Task<CoverageResult> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken) => _aggregations.CoverageAsync(query, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        // Staged batches commit first (or fail); their tasks' owners see the outcome.
        await _stageLock.WaitAsync().ConfigureAwait(false);
        await Settled(_lastDurable).ConfigureAwait(false);
        await _writeLock.WaitAsync().ConfigureAwait(false);
        await _secondWriteLock.WaitAsync().ConfigureAwait(false);
        try
        {
            await _labelSetWriter.DisposeAsync().ConfigureAwait(false);
            await _secondWriter.DisposeAsync().ConfigureAwait(false);
            await _writer.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _secondWriteLock.Release();
            _writeLock.Release();
        }

        _secondWriteLock.Dispose();
        _rollupLock.Dispose();
        _writeLock.Dispose();
        _stageLock.Release();
        _stageLock.Dispose();
    }

    /// <summary>
    /// Candidate rows of the shared aggregations with their original flows. Since schema version 2 the originals are
    /// in compressed blocks and the <c>flow</c> column is empty, so the row's block reference is selected too and
    /// the original bytes are put in the place of the column.
    /// </summary>
    private async IAsyncEnumerable<object?[]> CandidateRowsAsync(string selectList, string condition, string orderBy, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var sql = $"SELECT {selectList}, flow, block_id, block_row FROM flows WHERE {condition} ORDER BY {orderBy}";
        await using var blocks = new DuckDbOriginalReader(OpenReaderAsync);
        await foreach (var row in blocks.ResolveAsync(QueryRowsAsync(sql, cancellationToken), cancellationToken).ConfigureAwait(false))
        {
            yield return row;
        }
    }

    /// <summary>Runs a query on a connection of its own and yields each row's values (DBNull as null).</summary>
    internal async IAsyncEnumerable<object?[]> QueryRowsAsync(string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var values = new object?[reader.FieldCount];
            for (var i = 0; i < values.Length; i++)
            {
                values[i] = reader.IsDBNull(i) ? null : reader.GetValue(i) is Stream stream ? ReadAll(stream) : reader.GetValue(i);
            }

            yield return values;
        }
    }

    private async Task ExecuteWriteAsync(string sql, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            await using var command = _writer.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (DuckDBException e)
        {
            throw new FlowStoreException($"Writing to {Description} failed: {FirstLine(e.Message)}. Check free disk space and file permissions.", e);
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private async Task<DuckDBConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        // Connections to the same file within one process share DuckDB's database instance.
        var connection = new DuckDBConnection(_connectionString);
        await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
        return connection;
    }

    private static byte[] ReadAll(Stream stream)
    {
        using (stream)
        {
            using var copy = new MemoryStream();
            stream.CopyTo(copy);
            return copy.ToArray();
        }
    }

    private static string FirstLine(string message)
    {
        var end = message.IndexOfAny(['\r', '\n']);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
