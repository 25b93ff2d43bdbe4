using System.Buffers.Binary;
using System.Text;
using DuckDB.NET.Data;
using NetObs.History.Storage.Wire;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// The write side of the <c>label_sets</c> table (schema version 6): gives each distinct list of an endpoint's labels
/// an id, which the flows row stores instead of the list, and writes the lists first seen since the last batch.
/// </summary>
/// <remarks>
/// <para>
/// A pod's labels are the same on every flow it sends or receives; written as list items they cost DuckDB more per flow
/// than any other column. Looking a list up here costs one hash of its bytes.
/// </para>
/// <para>
/// New sets are committed on their own, before the batch whose rows name them commits (<see cref="SaveNewAsync"/>),
/// so a committed row never names a set that is not in the table, whatever becomes of the batches around it. A batch
/// that then fails leaves its new sets unnamed, which costs a row of label_sets each and nothing else. While the store
/// is open, ids only grow and are committed in the order they were given, which <see cref="DuckDbLabelSetIndex"/>
/// relies on.
/// </para>
/// <para>
/// The lookup remembers at most <see cref="MaxRemembered"/> sets and starts again when full, so a cluster whose pods
/// keep changing labels cannot grow the server's memory; a forgotten set seen again gets a new id and a second row
/// with the same labels, which a label filter matches like the first.
/// </para>
/// </remarks>
internal sealed class DuckDbLabelSets
{
    /// <summary>The set id of rows written before version 6: their labels are in the list columns.</summary>
    public const uint InListColumns = 0;

    /// <summary>How many sets the lookup holds before it starts again.</summary>
    public const int MaxRemembered = 100_000;

    // A set's key: each label as its UTF-8 length (4 bytes, little-endian) then its bytes, in the flow's order, so two
    // lists have the same key exactly when they are equal item by item.
    private readonly Dictionary<byte[], uint> _ids = new(ByteKeyComparer.Instance);
    private readonly Dictionary<byte[], uint>.AlternateLookup<ReadOnlySpan<byte>> _byBytes;
    private readonly List<(uint Id, byte[] Key)> _new = [];
    private byte[] _key = new byte[512];
    private uint _lastId;

    public DuckDbLabelSets() => _byBytes = _ids.GetAlternateLookup<ReadOnlySpan<byte>>();

    /// <summary>How many sets the lookup holds now.</summary>
    public int Remembered => _ids.Count;

    /// <summary>How many sets were given an id since the last <see cref="SaveNewAsync"/> or <see cref="ForgetNew"/>.</summary>
    public int NewCount => _new.Count;

    /// <summary>Takes the sets of a file that <paramref name="index"/> has read, so that a restarted server names known lists by their ids.</summary>
    public void Remember(DuckDbLabelSetIndex index)
    {
        ArgumentNullException.ThrowIfNull(index);
        _lastId = Math.Max(_lastId, index.NewestId);

        // The newest sets are the ones current pods have.
        foreach (var (id, labels) in index.Newest(MaxRemembered))
        {
            _ids.TryAdd(KeyOf(labels), id);
        }
    }

    /// <summary>The id of the set of these labels (slices of <paramref name="message"/>), given now if it has none.</summary>
    public uint IdOf(ReadOnlySpan<byte> message, List<Utf8Slice> labels)
    {
        var length = 0;
        foreach (var label in labels)
        {
            length += sizeof(int) + label.Length;
        }

        if (_key.Length < length)
        {
            _key = new byte[Math.Max(length, _key.Length * 2)];
        }

        var at = 0;
        foreach (var label in labels)
        {
            BinaryPrimitives.WriteInt32LittleEndian(_key.AsSpan(at), label.Length);
            label.In(message).CopyTo(_key.AsSpan(at + sizeof(int)));
            at += sizeof(int) + label.Length;
        }

        var key = _key.AsSpan(0, length);
        if (_byBytes.TryGetValue(key, out var id))
        {
            return id;
        }

        if (_ids.Count >= MaxRemembered)
        {
            _ids.Clear();
        }

        id = checked(++_lastId);
        var stored = key.ToArray();
        _ids.Add(stored, id);
        _new.Add((id, stored));
        return id;
    }

    /// <summary>
    /// Writes the sets given an id since the last call into <c>label_sets</c> and commits them, on a connection with no
    /// transaction open, then adds them to <paramref name="index"/>; after a failure the sets are forgotten
    /// (<see cref="ForgetNew"/>) and the exception is thrown.
    /// </summary>
    public async Task SaveNewAsync(DuckDBConnection connection, DuckDbLabelSetIndex index, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(index);
        if (_new.Count == 0)
        {
            return;
        }

        try
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            using (var chunk = DuckDbChunkAppender.Create(connection, "label_sets"))
            {
                foreach (var (id, key) in _new)
                {
                    chunk.Add(id);
                    foreach (var range in LabelsIn(key))
                    {
                        chunk.AddListItem(key.AsSpan(range));
                    }

                    chunk.EndList();
                    chunk.EndRow();
                }

                chunk.Close();
            }

            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            index.Add([.. _new.Select(set => (set.Id, (IReadOnlyList<string>)[.. LabelsIn(set.Key).Select(range => Encoding.UTF8.GetString(set.Key.AsSpan(range)))]))]);
            _new.Clear();
        }
        catch
        {
            ForgetNew();
            throw;
        }
    }

    /// <summary>
    /// Forgets the sets given an id since the last save: their batch was not written, and the next batch that meets
    /// them gives them new ids and saves them. Ids are not reused while the store is open; after a restart the next id
    /// follows the largest in the table, so an id is given again only if no row names it (a save that failed, a set that
    /// retention dropped), and no row can name a set it did not mean.
    /// </summary>
    public void ForgetNew()
    {
        foreach (var (_, key) in _new)
        {
            _ids.Remove(key);
        }

        _new.Clear();
    }

    /// <summary>Where each label's bytes are in a key.</summary>
    private static List<Range> LabelsIn(byte[] key)
    {
        var ranges = new List<Range>();
        for (var at = 0; at < key.Length;)
        {
            var length = BinaryPrimitives.ReadInt32LittleEndian(key.AsSpan(at));
            ranges.Add(new Range(at + sizeof(int), at + sizeof(int) + length));
            at += sizeof(int) + length;
        }

        return ranges;
    }

    /// <summary>Forgets sets that were dropped from the table; a list met again gets a new set.</summary>
    public void Forget(IReadOnlySet<uint> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        foreach (var (key, id) in _ids.Where(pair => ids.Contains(pair.Value)).ToList())
        {
            _ids.Remove(key);
        }
    }

    private static byte[] KeyOf(IEnumerable<string> labels)
    {
        var key = new List<byte>();
        Span<byte> length = stackalloc byte[sizeof(int)];
        foreach (var label in labels)
        {
            var bytes = Encoding.UTF8.GetBytes(label);
            BinaryPrimitives.WriteInt32LittleEndian(length, bytes.Length);
            key.AddRange(length);
            key.AddRange(bytes);
        }

        return [.. key];
    }

    /// <summary>Compares keys by content, and looks them up by a span without copying it.</summary>
    private sealed class ByteKeyComparer : IEqualityComparer<byte[]>, IAlternateEqualityComparer<ReadOnlySpan<byte>, byte[]>
    {
        public static ByteKeyComparer Instance { get; } = new();

        public bool Equals(byte[]? x, byte[]? y) => x.AsSpan().SequenceEqual(y);

        public int GetHashCode(byte[] obj) => GetHashCode((ReadOnlySpan<byte>)obj);

        public bool Equals(ReadOnlySpan<byte> alternate, byte[] other) => alternate.SequenceEqual(other);

        public int GetHashCode(ReadOnlySpan<byte> alternate)
        {
            var hash = new HashCode();
            hash.AddBytes(alternate);
            return hash.ToHashCode();
        }

        public byte[] Create(ReadOnlySpan<byte> alternate) => alternate.ToArray();
    }
}
