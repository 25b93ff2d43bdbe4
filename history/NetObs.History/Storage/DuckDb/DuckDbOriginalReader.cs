using System.Runtime.CompilerServices;
using Cilium.Flow;
using DuckDB.NET.Data;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Runs a query over <c>flows</c> whose first six columns are cluster, node, time_ns, flow, block_id, block_row and
/// yields each row as a <see cref="StoredFlow"/> with its original bytes: from <c>flow</c> for rows of schema
/// version 1, otherwise from the row's compressed block (in <c>flow_blocks</c> for version 2, in the <c>block</c>
/// column of the block's first row since version 3). Rows are taken a page at a time and the blocks of a page
/// fetched in one query and decompressed once each, so memory stays bounded however many rows match.
/// </summary>
internal sealed class DuckDbOriginalReader(Func<CancellationToken, Task<DuckDBConnection>> openConnection) : IAsyncDisposable
{
    private const int PageRows = 1024;

    // Decoded blocks kept between pages: consecutive pages usually continue the same block.
    private readonly Dictionary<long, ReadOnlyMemory<byte>[]> _decoded = [];
    private DuckDBConnection? _blocks;

    public async IAsyncEnumerable<StoredFlow> ReadAsync(DuckDBConnection rows, string sql, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var command = rows.CreateCommand();
        command.CommandText = sql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var page = new List<PendingRow>(PageRows);
        var more = true;
        while (more)
        {
            page.Clear();
            while (page.Count < PageRows && (more = await reader.ReadAsync(cancellationToken).ConfigureAwait(false)))
            {
                page.Add(reader.IsDBNull(4)
                    ? new PendingRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), ReadBytes(reader, 3), 0, 0)
                    : new PendingRow(reader.GetString(0), reader.GetString(1), reader.GetInt64(2), null, reader.GetInt64(4), reader.GetFieldValue<ushort>(5)));
            }

            await LoadBlocksAsync(page.Where(r => r.Inline is null).Select(r => r.BlockId), cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                var original = row.Inline ?? _decoded[row.BlockId][row.BlockRow];
                yield return new StoredFlow(row.Cluster, row.Node, row.TimeNs, Flow.Parser.ParseFrom(original.Span), original);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_blocks is not null)
        {
            await _blocks.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Rows of values whose last three are the <c>flow</c> column, <c>block_id</c> and <c>block_row</c>, returned
    /// without the last two and with the original bytes in place of <c>flow</c>.
    /// </summary>
    public async IAsyncEnumerable<object?[]> ResolveAsync(IAsyncEnumerable<object?[]> rows, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = new List<object?[]>(PageRows);
        await using var enumerator = rows.GetAsyncEnumerator(cancellationToken);
        var more = true;
        while (more)
        {
            page.Clear();
            while (page.Count < PageRows && (more = await enumerator.MoveNextAsync().ConfigureAwait(false)))
            {
                page.Add(enumerator.Current);
            }

            await LoadBlocksAsync(page.Where(r => r[^2] is not null).Select(r => Convert.ToInt64(r[^2], System.Globalization.CultureInfo.InvariantCulture)), cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                var values = row[..^2];
                if (row[^2] is { } blockId)
                {
                    var index = Convert.ToInt32(row[^1], System.Globalization.CultureInfo.InvariantCulture);
                    values[^1] = _decoded[Convert.ToInt64(blockId, System.Globalization.CultureInfo.InvariantCulture)][index].ToArray();
                }

                yield return values;
            }
        }
    }

    private async Task LoadBlocksAsync(IEnumerable<long> blockIds, CancellationToken cancellationToken)
    {
        var needed = blockIds.Distinct().ToList();
        if (needed.All(_decoded.ContainsKey))
        {
            return;
        }

        foreach (var stale in _decoded.Keys.Except(needed).ToList())
        {
            _decoded.Remove(stale);
        }

        var missing = needed.Where(id => !_decoded.ContainsKey(id)).ToList();
        _blocks ??= await openConnection(cancellationToken).ConfigureAwait(false);
        await using var command = _blocks.CreateCommand();
        // Blocks of schema version 2 are rows of flow_blocks; since version 3 a block is the block column of the flows
        // row that starts it (block_row 0), found through block_id's zone maps since ids grow with the rows.
        var ids = string.Join(", ", missing.Select(id => id.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        command.CommandText = $"SELECT block_id, originals FROM flow_blocks WHERE block_id IN ({ids}) UNION ALL SELECT block_id, block FROM flows WHERE block_id IN ({ids}) AND block_row = 0 AND block IS NOT NULL";
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var compressed = new List<(long Id, byte[] Bytes)>(missing.Count);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            compressed.Add((reader.GetInt64(0), ReadBytes(reader, 1)));
        }

        var decoded = new ReadOnlyMemory<byte>[compressed.Count][];
        Parallel.For(0, compressed.Count, i => decoded[i] = OriginalBlockCodec.Decode(compressed[i].Bytes));
        for (var i = 0; i < compressed.Count; i++)
        {
            _decoded[compressed[i].Id] = decoded[i];
        }

        foreach (var lost in missing.Where(id => !_decoded.ContainsKey(id)))
        {
            throw new FlowStoreException($"The store has flows in block {lost}, but the block is missing; the file is damaged. Restore it from a backup or start a new file.");
        }
    }

    private static byte[] ReadBytes(System.Data.Common.DbDataReader reader, int ordinal)
    {
        using var stream = reader.GetStream(ordinal);
        var bytes = new byte[stream.Length];
        stream.ReadExactly(bytes);
        return bytes;
    }

    private sealed record PendingRow(string Cluster, string Node, long TimeNs, byte[]? Inline, long BlockId, int BlockRow);
}
