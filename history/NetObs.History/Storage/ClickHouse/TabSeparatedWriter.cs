using System.Buffers;
using System.Buffers.Text;
using System.Globalization;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Writes rows in ClickHouse's TabSeparated format byte by byte: strings and raw bytes are escaped as the format
/// defines (backslash, tab, newline, carriage return and NUL), so any byte sequence, including a protobuf message,
/// comes back unchanged. Arrays are written as quoted-array text, as ClickHouse itself writes them.
/// </summary>
public sealed class TabSeparatedWriter
{
    // Backslash, tab, newline, carriage return and NUL are escaped everywhere; the quote too inside an array's items.
    private static readonly SearchValues<byte> EscapedInValues = SearchValues.Create("\\\t\n\r\0"u8);
    private static readonly SearchValues<byte> EscapedInArrays = SearchValues.Create("\\\t\n\r\0'"u8);

    private readonly ArrayBufferWriter<byte> _buffer = new(1 << 16);
    private bool _rowStarted;
    private bool _arrayItems;

    /// <summary>The rows written so far.</summary>
    public ReadOnlyMemory<byte> Written => _buffer.WrittenMemory;

    public void Clear()
    {
        _buffer.Clear();
        _rowStarted = false;
    }

    public void Integer(long value)
    {
        Separator();
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _buffer.Advance(written);
    }

    public void Integer(ulong value)
    {
        Separator();
        var span = _buffer.GetSpan(20);
        Utf8Formatter.TryFormat(value, span, out var written);
        _buffer.Advance(written);
    }

    public void Date(DateOnly value)
    {
        Separator();
        var span = _buffer.GetSpan(10);
        value.TryFormat(span, out var written, "yyyy-MM-dd", CultureInfo.InvariantCulture);
        _buffer.Advance(written);
    }

    public void String(string value)
    {
        Separator();
        EscapedUtf8(value, quoted: false);
    }

    /// <summary>A string given as its UTF-8 bytes (a slice of a flow message), escaped byte by byte as <see cref="String"/> escapes.</summary>
    public void Utf8String(ReadOnlySpan<byte> utf8)
    {
        Separator();
        Escaped(utf8, quoted: false);
    }

    public void Bytes(ReadOnlySpan<byte> value)
    {
        Separator();
        Escaped(value, quoted: false);
    }

    public void StringArray(IReadOnlyList<string> values)
    {
        StartArray();
        foreach (var value in values)
        {
            Separator(ref _arrayItems, ","u8);
            Raw("'"u8);
            EscapedUtf8(value, quoted: true);
            Raw("'"u8);
        }

        EndArray();
    }

    /// <summary>Starts an array value whose items follow (<see cref="ArrayItem"/>), so a list is written without being collected first.</summary>
    public void StartArray()
    {
        Separator();
        Raw("["u8);
        _arrayItems = false;
    }

    /// <summary>One string item, given as its UTF-8 bytes, of the array started last.</summary>
    public void ArrayItem(ReadOnlySpan<byte> utf8)
    {
        Separator(ref _arrayItems, ","u8);
        Raw("'"u8);
        Escaped(utf8, quoted: true);
        Raw("'"u8);
    }

    public void EndArray() => Raw("]"u8);

    public void EndRow()
    {
        Raw("\n"u8);
        _rowStarted = false;
    }

    private void Separator() => Separator(ref _rowStarted, "\t"u8);

    /// <summary>The separator before every value but the first of a row (tab) or of an array (comma).</summary>
    private void Separator(ref bool started, ReadOnlySpan<byte> separator)
    {
        if (started)
        {
            Raw(separator);
        }

        started = true;
    }

    private void EscapedUtf8(string value, bool quoted)
    {
        var max = Encoding.UTF8.GetMaxByteCount(value.Length);
        var rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            var length = Encoding.UTF8.GetBytes(value, rented);
            Escaped(rented.AsSpan(0, length), quoted);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void Escaped(ReadOnlySpan<byte> value, bool quoted)
    {
        // Runs between the bytes that need a backslash are copied whole (a vectorised search finds the next one): most
        // of a string, and of a flow's original bytes, needs none.
        var special = quoted ? EscapedInArrays : EscapedInValues;
        var span = _buffer.GetSpan((value.Length * 2) + 1);
        var n = 0;
        int next;
        while ((next = value.IndexOfAny(special)) >= 0)
        {
            value[..next].CopyTo(span[n..]);
            n += next;
            span[n++] = (byte)'\\';
            span[n++] = value[next] switch
            {
                (byte)'\t' => (byte)'t',
                (byte)'\n' => (byte)'n',
                (byte)'\r' => (byte)'r',
                0 => (byte)'0',
                var b => b,
            };
            value = value[(next + 1)..];
        }

        value.CopyTo(span[n..]);
        _buffer.Advance(n + value.Length);
    }

    private void Raw(ReadOnlySpan<byte> bytes)
    {
        bytes.CopyTo(_buffer.GetSpan(bytes.Length));
        _buffer.Advance(bytes.Length);
    }
}
