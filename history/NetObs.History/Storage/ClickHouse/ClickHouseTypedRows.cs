using System.Globalization;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Reads a <c>TabSeparatedWithNamesAndTypes</c> reply into typed values for the shared SQL aggregations: integers as
/// long, floats as double, strings as string (the <c>flow</c> column as its bytes), arrays as lists, <c>\N</c> as null.
/// </summary>
public static class ClickHouseTypedRows
{
    public const string Format = "TabSeparatedWithNamesAndTypes";

    public static List<object?[]> Parse(byte[] reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        var lines = SplitLines(reply);
        if (lines.Count < 2)
        {
            return [];
        }

        var names = Fields(lines[0]).Select(f => Encoding.UTF8.GetString(Unescape(f))).ToArray();
        var types = Fields(lines[1]).Select(f => Encoding.UTF8.GetString(Unescape(f))).ToArray();
        var rows = new List<object?[]>(lines.Count - 2);
        foreach (var line in lines.Skip(2))
        {
            var fields = Fields(line);
            var row = new object?[types.Length];
            for (var i = 0; i < types.Length; i++)
            {
                row[i] = Value(fields[i], types[i], names[i] == FlowColumns.Original.Name);
            }

            rows.Add(row);
        }

        return rows;
    }

    private static object? Value(ReadOnlyMemory<byte> field, string type, bool bytes)
    {
        if (type.StartsWith("Nullable(", StringComparison.Ordinal))
        {
            return field.Span.SequenceEqual(@"\N"u8) ? null : Value(field, type[9..^1], bytes);
        }

        if (type.StartsWith("Array(", StringComparison.Ordinal))
        {
            return ArrayValues(field.Span, type[6..^1]);
        }

        return Scalar(Unescape(field.Span), type, bytes);
    }

    private static object Scalar(byte[] text, string type, bool bytes)
    {
        if (type is "String" || type.StartsWith("FixedString", StringComparison.Ordinal) || type is "Date" or "DateTime")
        {
            return bytes ? text : Encoding.UTF8.GetString(text);
        }

        var s = Encoding.ASCII.GetString(text);
        if (type.StartsWith("Float", StringComparison.Ordinal))
        {
            return s switch
            {
                "nan" or "-nan" => double.NaN,
                "inf" or "+inf" => double.PositiveInfinity,
                "-inf" => double.NegativeInfinity,
                _ => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture),
            };
        }

        return type == "UInt64" && s.Length >= 19 && ulong.Parse(s, CultureInfo.InvariantCulture) > long.MaxValue
            ? ulong.Parse(s, CultureInfo.InvariantCulture)
            : long.Parse(s, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
    }

    // Arrays are written as ['a','b\'c'] or [1,2]: elements quoted and escaped like string literals, one layer only.
    private static List<object?> ArrayValues(ReadOnlySpan<byte> field, string elementType)
    {
        var values = new List<object?>();
        var i = 1; // past '['
        while (i < field.Length && field[i] != ']')
        {
            if (field[i] == ',')
            {
                i++;
                continue;
            }

            if (field[i] == '\'')
            {
                var element = new List<byte>();
                i++;
                while (field[i] != '\'')
                {
                    if (field[i] == '\\')
                    {
                        element.Add(Escaped(field[i + 1]));
                        i += 2;
                    }
                    else
                    {
                        element.Add(field[i++]);
                    }
                }

                i++;
                values.Add(Encoding.UTF8.GetString([.. element]));
            }
            else
            {
                var end = field[i..].IndexOfAny((byte)',', (byte)']');
                values.Add(Scalar(field.Slice(i, end).ToArray(), elementType, bytes: false));
                i += end;
            }
        }

        return values;
    }

    private static List<ReadOnlyMemory<byte>> SplitLines(byte[] reply)
    {
        var lines = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        while (start < reply.Length)
        {
            var end = Array.IndexOf(reply, (byte)'\n', start);
            end = end < 0 ? reply.Length : end;
            lines.Add(reply.AsMemory(start, end - start));
            start = end + 1;
        }

        return lines;
    }

    private static List<ReadOnlyMemory<byte>> Fields(ReadOnlyMemory<byte> line)
    {
        var fields = new List<ReadOnlyMemory<byte>>();
        var start = 0;
        var span = line.Span;
        while (true)
        {
            var tab = span[start..].IndexOf((byte)'\t');
            if (tab < 0)
            {
                fields.Add(line[start..]);
                return fields;
            }

            fields.Add(line.Slice(start, tab));
            start += tab + 1;
        }
    }

    private static byte[] Unescape(ReadOnlyMemory<byte> field) => Unescape(field.Span);

    private static byte[] Unescape(ReadOnlySpan<byte> field)
    {
        var output = new List<byte>(field.Length);
        for (var i = 0; i < field.Length; i++)
        {
            if (field[i] == '\\' && i + 1 < field.Length)
            {
                output.Add(Escaped(field[++i]));
            }
            else
            {
                output.Add(field[i]);
            }
        }

        return [.. output];
    }

    private static byte Escaped(byte b) => b switch
    {
        (byte)'b' => 0x08,
        (byte)'f' => 0x0c,
        (byte)'r' => (byte)'\r',
        (byte)'n' => (byte)'\n',
        (byte)'t' => (byte)'\t',
        (byte)'0' => 0,
        (byte)'a' => 0x07,
        (byte)'v' => 0x0b,
        _ => b,
    };
}
