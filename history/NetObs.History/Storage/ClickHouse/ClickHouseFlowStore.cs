using System.Globalization;
using NetObs.History.Aggregation;
using NetObs.History.Sql;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// The scale-out store, <c>clickhouse://HOST:PORT[,HOST:PORT…]/DB[?cluster=NAME]</c>, over ClickHouse's HTTP interface.
/// Without a cluster one server holds MergeTree tables; with one, every listed shard gets them plus Distributed tables,
/// and flows are written and read through the first server. Works on 18.16 (Debian) and on current releases.
/// </summary>
public sealed class ClickHouseFlowStore : IFlowStore
{
    private const int ReadPageSize = 10_000;
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(60);

    private readonly IReadOnlyList<IClickHouseConnection> _servers;
    private readonly ClickHouseTables _tables;
    private readonly ClickHouseFlowReader _reader;
    private readonly ClickHouseAggregations _aggregations;

    // One row buffer for every batch, appends one at a time: a writer per batch grew a fresh buffer to the batch's
    // size by doubling (a few hundred MB of large-object arrays for 122,880 flows) and left it to the GC each time.
    private readonly ClickHouseRowWriter _rowWriter = new();
    private readonly SemaphoreSlim _appendGate = new(1, 1);

    private ClickHouseFlowStore(IReadOnlyList<IClickHouseConnection> servers, ClickHouseTables tables, string description)
    {
        _servers = servers;
        _tables = tables;
        Description = description;
        _reader = new ClickHouseFlowReader(servers[0], tables, ReadPageSize);
        _aggregations = new ClickHouseAggregations(servers[0], tables, this);
    }

    public string Description { get; }

    /// <summary>Connects to every server of <paramref name="uri"/>, creates the database if missing and applies the migrations.</summary>
    public static async Task<ClickHouseFlowStore> OpenAsync(string uri, CancellationToken cancellationToken)
    {
        var parsed = ClickHouseStoreUri.Parse(uri);
        var servers = parsed.Hosts
            .Select(host => (IClickHouseConnection)new ClickHouseHttpConnection(host, parsed.User, parsed.Password, parsed.Display, RequestTimeout))
            .ToList();
        try
        {
            return await OpenAsync(servers, parsed.Database, parsed.Cluster, parsed.Display, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            foreach (var server in servers)
            {
                server.Dispose();
            }

            throw;
        }
    }

    /// <summary>Opens the store over connections already made (the tests pass chDB here); takes ownership of them.</summary>
    public static async Task<ClickHouseFlowStore> OpenAsync(IReadOnlyList<IClickHouseConnection> servers, string database, string? cluster, string description, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        if (servers.Count == 0)
        {
            throw new ArgumentException("At least one server is needed.", nameof(servers));
        }

        foreach (var server in servers)
        {
            if (cluster is not null)
            {
                await RequireClusterAsync(server, cluster, description, cancellationToken).ConfigureAwait(false);
            }

            await ClickHouseMigrator.MigrateAsync(server, database, cluster, cancellationToken).ConfigureAwait(false);
        }

        return new ClickHouseFlowStore(servers, new ClickHouseTables(database, cluster), description);
    }

    private static async Task RequireClusterAsync(IClickHouseConnection server, string cluster, string description, CancellationToken cancellationToken)
    {
        var reply = await server.QueryAsync(
            $"SELECT count() FROM system.clusters WHERE cluster = {ClickHouseDialect.Instance.StringLiteral(cluster)} FORMAT TabSeparated",
            cancellationToken).ConfigureAwait(false);
        if (new TabSeparatedReader(reply).Int64() == 0)
        {
            throw new FlowStoreException(
                $"ClickHouse at {server.Address} ({description}) has no cluster '{cluster}' in its <remote_servers>. " +
                "Name a cluster the server defines (SELECT DISTINCT cluster FROM system.clusters), or leave ?cluster= out for a single server.");
        }
    }

    public async Task AppendAsync(IReadOnlyList<StoredFlow> flows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(flows);
        if (flows.Count == 0)
        {
            return;
        }

        await _appendGate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            var rows = _rowWriter.Write(flows);
            await _servers[0].InsertAsync($"INSERT INTO {_tables.Flows} {ClickHouseRowWriter.ColumnList} FORMAT TabSeparated", rows, cancellationToken).ConfigureAwait(false);
        }
        catch (FlowStoreException e) when (!e.OutcomeUnknown && e.InnerException is null && (_tables.Cluster is not null || SpansDays(flows)))
        {
            // An error reply may come after part of the batch was stored: through the Distributed table rows go to
            // shards at random and each shard's INSERT commits on its own; on one server MergeTree splits a block by
            // partition (PARTITION BY day) and commits each part on its own. So the outcome is unknown row by row.
            throw new FlowStoreException(e.Message, e) { OutcomeUnknown = true };
        }
        finally
        {
            _appendGate.Release();
        }
    }

    /// <remarks>
    /// One range read on the primary key (cluster, time_ns), rows identified by MD5(flow), which 18.16 has. Writes
    /// through the Distributed table carry insert_distributed_sync=1 (ClickHouseHttpConnection; 18.16 knows the setting,
    /// the cluster tests use it): the INSERT sends every shard its rows itself instead of queueing them on the
    /// initiator's disk for later, so once the store answers again, what the Distributed table shows of a batch is all
    /// of it that will ever land; without that setting a queued batch could land after this check said it had not.
    /// On a single server the INSERT of one block (a batch is far below max_insert_block_size) is atomic per partition
    /// (day), so the answer is all or nothing for a batch within one day, and row by row in any case.
    /// </remarks>
    public async Task<IReadOnlyList<bool>> ContainsAsync(IReadOnlyList<StoredFlowKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(keys);
        var found = new HashSet<StoredFlowKey>();
        foreach (var cluster in keys.GroupBy(k => k.Cluster))
        {
            var reply = await _servers[0].QueryAsync(
                $"SELECT node, time_ns, hex(MD5(flow)) FROM {_tables.Flows} WHERE cluster = {ClickHouseDialect.Instance.StringLiteral(cluster.Key)} " +
                $"AND time_ns >= {ClickHouseLiteral.Integer(cluster.Min(k => k.TimeNs))} AND time_ns <= {ClickHouseLiteral.Integer(cluster.Max(k => k.TimeNs))} FORMAT TabSeparated",
                cancellationToken).ConfigureAwait(false);
            var reader = new TabSeparatedReader(reply);
            while (reader.HasRow)
            {
                found.Add(new StoredFlowKey(cluster.Key, reader.String(), reader.Int64(), UInt128.Parse(reader.String(), NumberStyles.HexNumber, CultureInfo.InvariantCulture)));
            }
        }

        return keys.Select(found.Contains).ToList();
    }

    private static bool SpansDays(IReadOnlyList<StoredFlow> flows) =>
        FlowColumnValues.Day(flows.Min(f => f.TimeNs)) != FlowColumnValues.Day(flows.Max(f => f.TimeNs));

    public async Task RecordGapAsync(FlowGap gap, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(gap);
        var row = new TabSeparatedWriter();
        row.Date(FlowColumnValues.Day(gap.FromNs));
        row.String(gap.Cluster);
        row.String(gap.Node);
        row.Integer(gap.FromNs);
        row.Integer(gap.UntilNs);
        row.Integer(gap.Count);
        row.Integer((long)gap.Reason);
        row.String(gap.Detail);
        row.EndRow();
        await _servers[0].InsertAsync(
            $"INSERT INTO {_tables.Gaps} (day, cluster, node, from_ns, until_ns, count, reason, detail) FORMAT TabSeparated",
            row.Written,
            cancellationToken).ConfigureAwait(false);
    }

    public IAsyncEnumerable<StoredFlow> ReadAsync(FlowReadRequest request, CancellationToken cancellationToken) =>
        _reader.ReadAsync(request, cancellationToken);

    public async Task<IReadOnlyList<FlowGap>> ReadGapsAsync(long sinceNs, long untilNs, IReadOnlyList<string> clusters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(clusters);
        var where = $"until_ns >= {ClickHouseLiteral.Integer(sinceNs)} AND from_ns <= {ClickHouseLiteral.Integer(untilNs)}{ClusterCondition(clusters)}";
        var reply = await _servers[0].QueryAsync(
            $"SELECT cluster, node, from_ns, until_ns, count, reason, detail FROM {_tables.Gaps} WHERE {where} ORDER BY from_ns, cluster, node, until_ns FORMAT TabSeparated",
            cancellationToken).ConfigureAwait(false);
        var gaps = new List<FlowGap>();
        var reader = new TabSeparatedReader(reply);
        while (reader.HasRow)
        {
            gaps.Add(new FlowGap(reader.String(), reader.String(), reader.Int64(), reader.Int64(), reader.Int64(), (FlowGapReason)reader.Int64(), reader.String()));
        }

        return gaps;
    }

    public async Task<StoreSummary> SummarizeAsync(CancellationToken cancellationToken)
    {
        var clusters = new List<ClusterSummary>();
        var reader = await QueryAsync($"SELECT cluster, count(), min(time_ns), max(time_ns) FROM {_tables.Flows} GROUP BY cluster ORDER BY cluster", cancellationToken).ConfigureAwait(false);
        foreach (var row in reader)
        {
            clusters.Add(new ClusterSummary(row[0], Int(row[1]), Int(row[2]), Int(row[3])));
        }

        var nodes = new List<NodeSummary>();
        foreach (var row in await QueryAsync($"SELECT cluster, node, count(), min(time_ns), max(time_ns) FROM {_tables.Flows} GROUP BY cluster, node ORDER BY cluster, node", cancellationToken).ConfigureAwait(false))
        {
            nodes.Add(new NodeSummary(row[0], row[1], Int(row[2]), Int(row[3]), Int(row[4])));
        }

        var namespaces = new List<NamespaceSummary>();
        var namespaceSql = $"SELECT cluster, ns FROM {_tables.Flows} ARRAY JOIN [source_namespace, destination_namespace] AS ns WHERE ns != '' GROUP BY cluster, ns ORDER BY cluster, ns";
        foreach (var row in await QueryAsync(namespaceSql, cancellationToken).ConfigureAwait(false))
        {
            namespaces.Add(new NamespaceSummary(row[0], row[1]));
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
        var literal = ClickHouseDialect.Instance.StringLiteral(cluster);
        var newest = await QueryAsync($"SELECT count(), max(time_ns) FROM {_tables.Flows} WHERE cluster = {literal}", cancellationToken).ConfigureAwait(false);
        if (Int(newest[0][0]) == 0)
        {
            return StoredPosition.Empty(cluster);
        }

        var newestNs = Int(newest[0][1]);
        var reply = await _servers[0].QueryAsync(
            $"SELECT flow FROM {_tables.Flows} WHERE cluster = {literal} AND time_ns = {ClickHouseLiteral.Integer(newestNs)} ORDER BY flow FORMAT TabSeparated",
            cancellationToken).ConfigureAwait(false);
        var flows = new List<ReadOnlyMemory<byte>>();
        var reader = new TabSeparatedReader(reply);
        while (reader.HasRow)
        {
            flows.Add(reader.Bytes());
        }

        return new StoredPosition(cluster, newestNs, flows);
    }

    public Task<int> DropDaysBeforeAsync(long cutoffNs, CancellationToken cancellationToken) =>
        ClickHouseRetention.DropDaysBeforeAsync(_servers, _tables, cutoffNs, cancellationToken);

    public Task<TimeSeriesResult> TimeSeriesAsync(TimeSeriesQuery query, CancellationToken cancellationToken) =>
        _aggregations.TimeSeriesAsync(query, cancellationToken);

    public Task<TopGroupsResult> TopGroupsAsync(TopGroupsQuery query, CancellationToken cancellationToken) =>
        _aggregations.TopGroupsAsync(query, cancellationToken);

    public Task<ServiceMapResult> ServiceMapAsync(ServiceMapQuery query, CancellationToken cancellationToken) =>
        _aggregations.ServiceMapAsync(query, cancellationToken);

    public Task<CoverageResult> CoverageAsync(CoverageQuery query, CancellationToken cancellationToken) =>
        _aggregations.CoverageAsync(query, cancellationToken);

    /// <summary>Rows of a small TabSeparated result as strings (summaries, positions).</summary>
    internal async Task<IReadOnlyList<string[]>> QueryAsync(string sqlWithoutFormat, CancellationToken cancellationToken)
    {
        var reply = await _servers[0].QueryAsync(sqlWithoutFormat + " FORMAT TabSeparated", cancellationToken).ConfigureAwait(false);
        return ParseRows(reply);
    }

    internal static IReadOnlyList<string[]> ParseRows(byte[] reply)
    {
        var rows = new List<string[]>();
        var start = 0;
        while (start < reply.Length)
        {
            var end = Array.IndexOf(reply, (byte)'\n', start);
            end = end < 0 ? reply.Length : end;
            var fields = new List<string>();
            var line = new TabSeparatedReader(reply.AsSpan(start, end - start + (end < reply.Length ? 1 : 0)));
            while (line.HasRow)
            {
                fields.Add(line.String());
            }

            rows.Add([.. fields]);
            start = end + 1;
        }

        return rows;
    }

    internal static string ClusterCondition(IReadOnlyList<string> clusters) =>
        clusters.Count == 0 ? string.Empty : $" AND cluster IN ({string.Join(", ", clusters.Select(ClickHouseDialect.Instance.StringLiteral))})";

    internal static long Int(string text) => long.Parse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);

    public ValueTask DisposeAsync()
    {
        foreach (var server in _servers)
        {
            server.Dispose();
        }

        _appendGate.Dispose();

        return ValueTask.CompletedTask;
    }
}
