using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using DuckDB.NET.Native;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Appends rows to a table by filling DuckDB data chunks column by column through the C API
/// (<c>duckdb_append_data_chunk</c>), one chunk of DuckDB's vector size (2,048 rows) at a time. DuckDB.NET's row
/// appender does the same underneath, but dispatches every value through a generic writer and takes list items as
/// .NET strings that it encodes back to UTF-8; the store's rows are about 50 values and a dozen list items each, so
/// that per-value work was most of the writer's time. Here a value is one store into the vector, and a string is
/// copied once, from the flow's own UTF-8 bytes.
/// </summary>
/// <remarks>
/// A row is written as a sequence of <see cref="Add{T}"/>, <see cref="AddText"/>, <see cref="AddNull"/> and list
/// items, one per column in the table's order, then <see cref="EndRow"/>; every write checks the column's kind and
/// width and <see cref="EndRow"/> checks the count, so a writer that falls out of step with the table throws instead of
/// writing past a vector. Strings are stored without DuckDB's UTF-8 check (<c>duckdb_unsafe_...</c>): the caller passes
/// only bytes it has checked (the wire reader refuses a flow with a string that is not UTF-8, and .NET encodes its own
/// strings to valid UTF-8).
/// </remarks>
internal sealed unsafe class DuckDbChunkAppender : IDisposable
{
    // A duckdb_string_t is 16 bytes: the length, then up to 12 bytes inline, or a 4-byte prefix and a pointer into the
    // vector's string heap. Strings that fit inline are written in place, the others through the C API, which copies
    // them into the heap.
    private const int StringSize = 16;
    private const int InlineLength = 12;

    private enum Kind
    {
        Fixed,
        Text,
        TextList,
    }

    private readonly DuckDB.NET.Native.DuckDBAppender _appender;
    private readonly DuckDBDataChunk _chunk;
    private readonly Kind[] _kinds;
    private readonly int[] _widths;
    private readonly IntPtr[] _vectors;
    private readonly byte*[] _data;
    private readonly ulong*[] _validity;
    private readonly ListState[] _lists;
    private readonly int _capacity;
    private int _row;
    private int _column;
    private bool _closed;

    /// <summary>A list column's child vector in the current chunk: how many items it holds and has room for.</summary>
    private struct ListState
    {
        public IntPtr Child;
        public byte* ChildData;
        public ulong Count;
        public ulong Capacity;
        public ulong RowStart;
    }

    private DuckDbChunkAppender(DuckDB.NET.Native.DuckDBAppender appender, DuckDBDataChunk chunk, Kind[] kinds, int[] widths, int capacity)
    {
        _appender = appender;
        _chunk = chunk;
        _kinds = kinds;
        _widths = widths;
        _capacity = capacity;
        _vectors = new IntPtr[kinds.Length];
        _data = new byte*[kinds.Length];
        _validity = new ulong*[kinds.Length];
        _lists = new ListState[kinds.Length];
        StartChunk();
    }

    /// <summary>The number of columns of the table, which every row must fill.</summary>
    public int ColumnCount => _kinds.Length;

    /// <summary>Opens an appender on <paramref name="table"/> over the connection's current transaction.</summary>
    /// <exception cref="DuckDbAppendException">The table does not exist, or has a column type this appender does not write.</exception>
    public static DuckDbChunkAppender Create(DuckDBConnection connection, string table)
    {
        ArgumentNullException.ThrowIfNull(connection);
        if (NativeMethods.Appender.DuckDBAppenderCreate(connection.NativeConnection, null, table, out var appender) != DuckDBState.Success)
        {
            var message = ErrorOf(appender) ?? $"Cannot create an appender for table {table}.";
            appender.Dispose();
            throw new DuckDbAppendException(message);
        }

        var types = new List<DuckDBLogicalType>();
        try
        {
            var count = (int)NativeMethods.Appender.DuckDBAppenderColumnCount(appender);
            var kinds = new Kind[count];
            var widths = new int[count];
            for (var i = 0; i < count; i++)
            {
                var type = NativeMethods.Appender.DuckDBAppenderColumnType(appender, (ulong)i);
                types.Add(type);
                (kinds[i], widths[i]) = KindOf(type, table, i);
            }

            var handles = types.Select(t => t.DangerousGetHandle()).ToArray();
            var capacity = (int)NativeMethods.Helpers.DuckDBVectorSize();
            var chunk = NativeMethods.DataChunks.DuckDBCreateDataChunk(handles, (ulong)handles.Length);
            return new DuckDbChunkAppender(appender, chunk, kinds, widths, capacity);
        }
        catch
        {
            appender.Dispose();
            throw;
        }
        finally
        {
            foreach (var type in types)
            {
                type.Dispose();
            }
        }
    }

    /// <summary>Writes a fixed-width value (a number or a DATE's days) into the next column.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Add<T>(T value)
        where T : unmanaged
    {
        var column = _column;
        if (column >= _kinds.Length || _kinds[column] != Kind.Fixed || _widths[column] != sizeof(T))
        {
            throw WrongType(column, typeof(T).Name);
        }

        _column = column + 1;
        ((T*)_data[column])[_row] = value;
    }

    /// <summary>Writes a VARCHAR or BLOB value, its bytes copied (UTF-8 for a VARCHAR, checked by the caller).</summary>
    public void AddText(ReadOnlySpan<byte> bytes)
    {
        var column = Next(Kind.Text);
        WriteString(_vectors[column], _data[column], (ulong)_row, bytes);
    }

    /// <summary>Writes NULL into the next column.</summary>
    public void AddNull()
    {
        var column = _column;
        if (column >= _kinds.Length)
        {
            throw new InvalidOperationException($"A row has more than the table's {_kinds.Length} columns.");
        }

        _column++;
        Validity(column)[_row >> 6] &= ~(1UL << (_row & 63));
    }

    /// <summary>Adds an item to the list column being written; <see cref="EndList"/> ends the list and the column.</summary>
    public void AddListItem(ReadOnlySpan<byte> utf8)
    {
        var column = _column;
        if (column >= _kinds.Length || _kinds[column] != Kind.TextList)
        {
            throw WrongType(column, "list item");
        }

        ref var list = ref _lists[column];
        if (list.Count == list.Capacity)
        {
            Reserve(column, ref list);
        }

        WriteString(list.Child, list.ChildData, list.Count, utf8);
        list.Count++;
    }

    /// <summary>Ends the list column being written (an empty list when no item was added).</summary>
    public void EndList()
    {
        var column = Next(Kind.TextList);
        ref var list = ref _lists[column];

        // duckdb_list_entry: the offset of the row's first item in the child vector, then the item count.
        var entry = (ulong*)(_data[column] + (_row * 2 * sizeof(ulong)));
        entry[0] = list.RowStart;
        entry[1] = list.Count - list.RowStart;
        list.RowStart = list.Count;
    }

    /// <summary>Ends a row that filled every column; appends the chunk to the table when it is full.</summary>
    public void EndRow()
    {
        if (_column != _kinds.Length)
        {
            throw new InvalidOperationException($"A row filled {_column} of the table's {_kinds.Length} columns.");
        }

        _column = 0;
        _row++;
        if (_row == _capacity)
        {
            AppendChunk();
        }
    }

    /// <summary>Appends the last, partial chunk and flushes the appender into the table (within the transaction).</summary>
    public void Close()
    {
        if (_column != 0)
        {
            throw new InvalidOperationException("The appender was closed in the middle of a row.");
        }

        if (_row > 0)
        {
            AppendChunk();
        }

        _closed = true;
        if (NativeMethods.Appender.DuckDBAppenderClose(_appender) != DuckDBState.Success)
        {
            throw new DuckDbAppendException(ErrorOf(_appender) ?? "Closing the appender failed.");
        }
    }

    public void Dispose()
    {
        if (!_closed)
        {
            // Rows of an unfinished batch are left out; the caller's transaction rolls back whatever was flushed.
            NativeMethods.Appender.DuckDBAppenderClear(_appender);
        }

        _chunk.Dispose();
        _appender.Dispose();
    }

    private static (Kind Kind, int Width) KindOf(DuckDBLogicalType type, string table, int column) =>
        NativeMethods.LogicalType.DuckDBGetTypeId(type) switch
        {
            DuckDBType.Boolean or DuckDBType.TinyInt or DuckDBType.UnsignedTinyInt => (Kind.Fixed, 1),
            DuckDBType.SmallInt or DuckDBType.UnsignedSmallInt => (Kind.Fixed, 2),
            DuckDBType.Integer or DuckDBType.UnsignedInteger or DuckDBType.Date => (Kind.Fixed, 4),
            DuckDBType.BigInt or DuckDBType.UnsignedBigInt => (Kind.Fixed, 8),
            DuckDBType.Varchar or DuckDBType.Blob => (Kind.Text, StringSize),
            DuckDBType.List when IsTextList(type) => (Kind.TextList, 2 * sizeof(ulong)),
            var other => throw new DuckDbAppendException($"Column {column} of table {table} is {other}, which the chunk appender does not write."),
        };

    private static bool IsTextList(DuckDBLogicalType type)
    {
        using var child = NativeMethods.LogicalType.DuckDBListTypeChildType(type);
        return NativeMethods.LogicalType.DuckDBGetTypeId(child) == DuckDBType.Varchar;
    }

    private static string? ErrorOf(DuckDB.NET.Native.DuckDBAppender appender)
    {
        if (appender.IsInvalid)
        {
            return null;
        }

        using var error = NativeMethods.Appender.DuckDBAppenderErrorData(appender);
        return NativeMethods.ErrorData.DuckDBErrorDataHasError(error) ? NativeMethods.ErrorData.DuckDBErrorDataMessage(error) : null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private int Next(Kind kind)
    {
        var column = _column;
        if (column >= _kinds.Length || _kinds[column] != kind)
        {
            throw WrongType(column, kind.ToString());
        }

        _column = column + 1;
        return column;
    }

    private InvalidOperationException WrongType(int column, string written) =>
        column >= _kinds.Length
            ? new InvalidOperationException($"A row has more than the table's {_kinds.Length} columns.")
            : new InvalidOperationException($"Column {column} is {_kinds[column]} ({_widths[column]} bytes); a {written} cannot be written to it.");

    private static void WriteString(IntPtr vector, byte* data, ulong index, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length <= InlineLength)
        {
            // Inline: the length, then the bytes zero-padded (DuckDB compares inline strings by all 12 bytes).
            var slot = data + (index * StringSize);
            *(ulong*)(slot + 8) = 0;
            *(uint*)(slot + 4) = 0;
            *(uint*)slot = (uint)bytes.Length;
            bytes.CopyTo(new Span<byte>(slot + 4, InlineLength));
            return;
        }

        fixed (byte* text = bytes)
        {
            NativeMethods.Vectors.DuckDBUnsafeVectorAssignStringElementLength(vector, index, text, bytes.Length);
        }
    }

    /// <summary>The validity mask of a column in this chunk, made writable, with the rows written so far marked valid.</summary>
    private ulong* Validity(int column)
    {
        var mask = _validity[column];
        if (mask != null)
        {
            return mask;
        }

        NativeMethods.Vectors.DuckDBVectorEnsureValidityWritable(_vectors[column]);
        mask = NativeMethods.Vectors.DuckDBVectorGetValidity(_vectors[column]);

        // Every row starts valid, whatever a reset chunk's mask held: only AddNull clears a bit.
        new Span<ulong>(mask, (_capacity + 63) / 64).Fill(ulong.MaxValue);
        _validity[column] = mask;
        return mask;
    }

    private void Reserve(int column, ref ListState list)
    {
        var capacity = Math.Max(list.Capacity * 2, (ulong)_capacity * 4);
        if (NativeMethods.Vectors.DuckDBListVectorReserve(_vectors[column], capacity) != DuckDBState.Success)
        {
            throw new DuckDbAppendException($"Cannot reserve {capacity} list items for column {column}.");
        }

        // Reserving may move the child's data.
        list.Child = NativeMethods.Vectors.DuckDBListVectorGetChild(_vectors[column]);
        list.ChildData = (byte*)NativeMethods.Vectors.DuckDBVectorGetData(list.Child);
        list.Capacity = capacity;
    }

    private void AppendChunk()
    {
        for (var column = 0; column < _kinds.Length; column++)
        {
            if (_kinds[column] == Kind.TextList && NativeMethods.Vectors.DuckDBListVectorSetSize(_vectors[column], _lists[column].Count) != DuckDBState.Success)
            {
                throw new DuckDbAppendException($"Cannot set the list size of column {column}.");
            }
        }

        NativeMethods.DataChunks.DuckDBDataChunkSetSize(_chunk, (ulong)_row);
        if (NativeMethods.Appender.DuckDBAppendDataChunk(_appender, _chunk) != DuckDBState.Success)
        {
            throw new DuckDbAppendException(ErrorOf(_appender) ?? "Appending a chunk of rows failed.");
        }

        NativeMethods.DataChunks.DuckDBDataChunkReset(_chunk);
        StartChunk();
    }

    private void StartChunk()
    {
        _row = 0;
        for (var column = 0; column < _kinds.Length; column++)
        {
            _vectors[column] = NativeMethods.DataChunks.DuckDBDataChunkGetVector(_chunk, column);
            _data[column] = (byte*)NativeMethods.Vectors.DuckDBVectorGetData(_vectors[column]);
            _validity[column] = null;
            _lists[column] = default;
        }
    }
}
