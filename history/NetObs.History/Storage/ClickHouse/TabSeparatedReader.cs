using System.Buffers.Text;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Reads a TabSeparated reply field by field, undoing ClickHouse's escapes at the byte level, so that a String
/// column holding a protobuf message comes back as exactly the bytes that were written.
/// </summary>
public ref struct TabSeparatedReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    public TabSeparatedReader(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>True while another row follows.</summary>
    public readonly bool HasRow => _position < _data.Length;

    /// <summary>The next field's raw (still escaped) bytes; moves past its tab or the row's newline.</summary>
    private ReadOnlySpan<byte> NextField()
    {
        var rest = _data[_position..];
        var end = rest.IndexOfAny((byte)'\t', (byte)'\n');
        if (end < 0)
        {
            _position = _data.Length;
            return rest;
        }

        _position += end + 1;
        return rest[..end];
    }

    public long Int64()
    {
        var field = NextField();
        return Utf8Parser.TryParse(field, out long value, out var used) && used == field.Length
            ? value
            : throw new FormatException($"ClickHouse returned '{Encoding.UTF8.GetString(field)}' where an integer was expected.");
    }

    public ulong UInt64()
    {
        var field = NextField();
        return Utf8Parser.TryParse(field, out ulong value, out var used) && used == field.Length
            ? value
            : throw new FormatException($"ClickHouse returned '{Encoding.UTF8.GetString(field)}' where an integer was expected.");
    }

    public string String() => Encoding.UTF8.GetString(Bytes());

    public byte[] Bytes()
    {
        var field = NextField();
        if (field.IndexOf((byte)'\\') < 0)
        {
            return field.ToArray();
        }

        var output = new byte[field.Length];
        var n = 0;
        for (var i = 0; i < field.Length; i++)
        {
            var b = field[i];
            if (b != '\\' || i + 1 == field.Length)
            {
                output[n++] = b;
                continue;
            }

            var escaped = field[++i];
            switch (escaped)
            {
                case (byte)'b': output[n++] = 0x08; break;
                case (byte)'f': output[n++] = 0x0c; break;
                case (byte)'r': output[n++] = (byte)'\r'; break;
                case (byte)'n': output[n++] = (byte)'\n'; break;
                case (byte)'t': output[n++] = (byte)'\t'; break;
                case (byte)'0': output[n++] = 0; break;
                case (byte)'a': output[n++] = 0x07; break;
                case (byte)'v': output[n++] = 0x0b; break;
                case (byte)'x' when i + 2 < field.Length && IsHex(field[i + 1]) && IsHex(field[i + 2]):
                    output[n++] = (byte)((Hex(field[i + 1]) << 4) | Hex(field[i + 2]));
                    i += 2;
                    break;
                default: output[n++] = escaped; break;
            }
        }

        return output[..n];
    }

    /// <summary>Skips a field this caller does not need.</summary>
    public void Skip() => NextField();

    private static bool IsHex(byte b) => b is >= (byte)'0' and <= (byte)'9' or >= (byte)'a' and <= (byte)'f' or >= (byte)'A' and <= (byte)'F';

    private static int Hex(byte b) => b <= '9' ? b - '0' : (b | 0x20) - 'a' + 10;
}
