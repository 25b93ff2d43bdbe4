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
    private readonly Dictionary<long, DecodedBlock> _decoded = [];
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

            var continued = more && page[^1].Inline is null ? page[^1].BlockId : (long?)null;
            await LoadBlocksAsync(page.Where(r => r.Inline is null).Select(r => (r.BlockId, r.BlockRow)), continued, cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                var original = row.Inline ?? _decoded[row.BlockId].Copy(row.BlockRow);
                yield return new StoredFlow(row.Cluster, row.Node, row.TimeNs, Flow.Parser.ParseFrom(original), original);
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

            var continued = more && page[^1][^2] is not null ? BlockRow(page[^1]).BlockId : (long?)null;
            await LoadBlocksAsync(page.Where(r => r[^2] is not null).Select(BlockRow), continued, cancellationToken).ConfigureAwait(false);
            foreach (var row in page)
            {
                var values = row[..^2];
                if (row[^2] is not null)
                {
                    var (blockId, index) = BlockRow(row);
                    values[^1] = _decoded[blockId].Copy(index);
                }

                yield return values;
            }
        }
    }

    private static (long BlockId, int BlockRow) BlockRow(object?[] row) =>
        (Convert.ToInt64(row[^2], System.Globalization.CultureInfo.InvariantCulture), Convert.ToInt32(row[^1], System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>
    /// Makes every block the page reads available through its last row read: a selective read decodes only the head of
    /// each block up to the row it returns. The block of a full page's last row, <paramref name="continued"/>, is
    /// decoded whole, since the next page most likely reads on in it; any other block decoded too short for a later
    /// page is decoded again.
    /// </summary>
    private async Task LoadBlocksAsync(IEnumerable<(long BlockId, int BlockRow)> rows, long? continued, CancellationToken cancellationToken)
    {
        var rowsNeeded = new Dictionary<long, int>();
        foreach (var (blockId, blockRow) in rows)
        {
            rowsNeeded[blockId] = Math.Max(rowsNeeded.GetValueOrDefault(blockId), blockRow + 1);
        }

        if (continued is { } last)
        {
            rowsNeeded[last] = int.MaxValue;
        }

        if (rowsNeeded.All(n => _decoded.TryGetValue(n.Key, out var block) && block.Holds(n.Value)))
        {
            return;
        }

        foreach (var stale in _decoded.Keys.Where(id => !rowsNeeded.ContainsKey(id)).ToList())
        {
            _decoded.Remove(stale);
        }

        var missing = rowsNeeded.Keys.Where(id => !_decoded.TryGetValue(id, out var block) || !block.Holds(rowsNeeded[id])).ToList();
        foreach (var id in missing)
        {
            // A block held too short is dropped first, so a block the store no longer returns is reported below.
            _decoded.Remove(id);
        }

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

        var decoded = new DecodedBlock[compressed.Count];
        Parallel.For(0, compressed.Count, i => decoded[i] = OriginalBlockCodec.Decode(compressed[i].Bytes, rowsNeeded[compressed[i].Id]));
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
