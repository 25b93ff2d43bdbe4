using System.Buffers;
using System.Buffers.Text;
using System.Collections;
using System.Collections.Frozen;
using System.Linq.Expressions;
using System.Text;
using System.Text.Json;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.History.Import;

/// <summary>
/// A fast reader for the jsonpb that Hubble's exporter and <c>hubble observe -o jsonpb</c> write, over UTF-8 with
/// <see cref="Utf8JsonReader"/>, for the forms those tools produce: objects of known and unknown fields (proto and
/// lowerCamel names), strings, booleans, enums by name or number, integers as numbers or strings, RFC 3339 UTC
/// timestamps, wrapper types, repeated fields and nested messages.
/// </summary>
/// <remarks>
/// Google.Protobuf's JsonParser tokenizes char by char and boxes every token; this reader is several times faster.
/// It never decides differently from JsonParser (settings: ignore unknown fields): anything it does not handle exactly
/// as JsonParser does (null, a field or oneof given twice, numbers with fractions or more than 15 digits, timestamps with
/// offsets, unknown enum names, Any, Struct, Duration, bytes, floating point, maps, invalid JSON) makes it return null,
/// and the caller parses the line with JsonParser, which also words every error. JsonParser's rules followed here are
/// those of protocolbuffers/protobuf csharp/src/Google.Protobuf/JsonParser.cs (MergeField, ParseSingleNumberValue,
/// ParseNumericString, MergeTimestamp).
/// </remarks>
public sealed class Utf8JsonpbParser
{
    /// <summary>Integers as JSON numbers with at most 15 digits are exact as the double JsonParser reads them into.</summary>
    private const int MaxExactNumberDigits = 15;

    private const int StackCharLimit = 256;

    private readonly FrozenDictionary<MessageDescriptor, MessageShape> _shapes;
    private readonly MessageDescriptor _root;

    public Utf8JsonpbParser(MessageDescriptor root)
    {
        ArgumentNullException.ThrowIfNull(root);
        _root = root;
        var shapes = new Dictionary<MessageDescriptor, MessageShape>();
        Collect(root, shapes);
        _shapes = shapes.ToFrozenDictionary();
    }

    /// <summary>The message the UTF-8 JSON object holds, or null when JsonParser must decide (see remarks).</summary>
    public IMessage? TryParse(ReadOnlySpan<byte> utf8)
    {
        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 100 });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return null;
            }

            var shape = _shapes[_root];
            var message = shape.Create();
            if (!TryMergeObject(ref reader, message, shape))
            {
                return null;
            }

            // Anything after the object (JsonParser: "Expected end of JSON after object") is JsonParser's to report.
            return reader.Read() ? null : message;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            // Strings Utf8JsonReader cannot transcode (lone surrogate escapes).
            return null;
        }
    }

    /// <summary>The line, encoded as UTF-8 into a pooled buffer, parsed as <see cref="TryParse(ReadOnlySpan{byte})"/>.</summary>
    public IMessage? TryParse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var rented = ArrayPool<byte>.Shared.Rent(Encoding.UTF8.GetMaxByteCount(line.Length));
        try
        {
            var length = Encoding.UTF8.GetBytes(line, rented);
            return TryParse(rented.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private bool TryMergeObject(ref Utf8JsonReader reader, IMessage message, MessageShape shape)
    {
        // The reader stands on StartObject. Fields seen, so that a field or a oneof given twice goes to JsonParser.
        Span<bool> seen = stackalloc bool[shape.FieldCount];
        Span<char> name = stackalloc char[StackCharLimit];
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject)
            {
                return true;
            }

            var length = reader.HasValueSequence || reader.ValueSpan.Length > StackCharLimit ? -1 : reader.CopyString(name);
            if (length < 0)
            {
                return false;
            }

            if (!shape.Fields.TryGetValue(name[..length], out var field))
            {
                reader.Read();
                reader.Skip();
                continue;
            }

            if (seen[field.Index] || (field.OneofIndex >= 0 && seen[field.OneofIndex]))
            {
                return false;
            }

            seen[field.Index] = true;
            if (field.OneofIndex >= 0)
            {
                seen[field.OneofIndex] = true;
            }

            if (!reader.Read() || !TryMergeField(ref reader, message, field))
            {
                return false;
            }
        }

        return false;
    }

    private bool TryMergeField(ref Utf8JsonReader reader, IMessage message, FieldShape field)
    {
        if (!field.IsRepeated)
        {
            if (!TryReadValue(ref reader, field, out var value))
            {
                return false;
            }

            field.Accessor.SetValue(message, value);
            return true;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            return false;
        }

        var list = (IList)field.Accessor.GetValue(message);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndArray)
            {
                return true;
            }

            if (!TryReadValue(ref reader, field, out var element))
            {
                return false;
            }

            list.Add(element);
        }

        return false;
    }

    private bool TryReadValue(ref Utf8JsonReader reader, FieldShape field, out object value)
    {
        value = null!;
        switch (field.Kind)
        {
            case ValueKind.Message:
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return false;
                }

                var shape = _shapes[field.MessageType!];
                var child = shape.Create();
                value = child;
                return TryMergeObject(ref reader, child, shape);
            case ValueKind.Timestamp:
                return TryReadTimestamp(ref reader, out value);
            case ValueKind.String:
                if (reader.TokenType != JsonTokenType.String)
                {
                    return false;
                }

                value = reader.GetString()!;
                return true;
            case ValueKind.Bool:
                if (reader.TokenType is not (JsonTokenType.True or JsonTokenType.False))
                {
                    return false;
                }

                value = reader.TokenType == JsonTokenType.True;
                return true;
            case ValueKind.Enum:
                return TryReadEnum(ref reader, field.EnumType!, out value);
            case ValueKind.Int32 or ValueKind.UInt32 or ValueKind.Int64 or ValueKind.UInt64:
                return TryReadInteger(ref reader, field.Kind, out value);
            default:
                return false;
        }
    }

    private static bool TryReadInteger(ref Utf8JsonReader reader, ValueKind kind, out object value)
    {
        value = null!;
        if (reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // JsonParser reads numbers as doubles: exact up to 15 digits; a fraction or an exponent is JsonParser's to judge.
            if (!IsPlainInteger(text, out var digits) || digits > MaxExactNumberDigits)
            {
                return false;
            }
        }
        else if (reader.TokenType != JsonTokenType.String || !IsPlainInteger(text, out _))
        {
            // JsonParser's ParseNumericString also takes "1e3" or "1.0"; those are rare enough to leave to it.
            return false;
        }

        var negative = text[0] == '-';
        if (negative && kind is ValueKind.UInt32 or ValueKind.UInt64)
        {
            return false;
        }

        if (kind == ValueKind.UInt64)
        {
            if (!Utf8Parser.TryParse(text, out ulong unsigned, out var used) || used != text.Length)
            {
                return false;
            }

            value = unsigned;
            return true;
        }

        if (!Utf8Parser.TryParse(text, out long signed, out var consumed) || consumed != text.Length)
        {
            return false;
        }

        switch (kind)
        {
            case ValueKind.Int64:
                value = signed;
                return true;
            case ValueKind.Int32 when signed is >= int.MinValue and <= int.MaxValue:
                value = (int)signed;
                return true;
            case ValueKind.UInt32 when signed is >= 0 and <= uint.MaxValue:
                value = (uint)signed;
                return true;
            default:
                return false;
        }
    }

    /// <summary>-?(0|[1-9][0-9]*), with ParseNumericString's refusal of leading zeros.</summary>
    private static bool IsPlainInteger(ReadOnlySpan<byte> text, out int digits)
    {
        var start = text.Length > 0 && text[0] == '-' ? 1 : 0;
        digits = text.Length - start;
        if (digits == 0 || (text[start] == '0' && digits > 1))
        {
            return false;
        }

        for (var i = start; i < text.Length; i++)
        {
            if (text[i] is < (byte)'0' or > (byte)'9')
            {
                return false;
            }
        }

        return true;
    }

    private static bool TryReadEnum(ref Utf8JsonReader reader, EnumDescriptor type, out object value)
    {
        value = null!;
        if (reader.TokenType == JsonTokenType.Number)
        {
            // JsonParser takes any integer for an enum, known or not.
            if (!TryReadInteger(ref reader, ValueKind.Int32, out value))
            {
                return false;
            }

            return true;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return false;
        }

        var text = reader.GetString()!;
        var known = type.FindValueByName(text);
        if (known is null)
        {
            // JsonParser also looks the name up in other spellings, and ignores unknown names (with IgnoreUnknownFields): its call to make.
            return false;
        }

        value = known.Number;
        return true;
    }

    /// <summary>YYYY-MM-DDTHH:MM:SS[.1 to 9 digits]Z, as MergeTimestamp reads it; offsets other than Z go to JsonParser.</summary>
    private static bool TryReadTimestamp(ref Utf8JsonReader reader, out object value)
    {
        value = null!;
        if (reader.TokenType != JsonTokenType.String || reader.HasValueSequence || reader.ValueIsEscaped)
        {
            return false;
        }

        var text = reader.ValueSpan;
        if (text.Length < 20 || text.Length == 21 || text.Length > 30 || text[^1] != 'Z'
            || text[4] != '-' || text[7] != '-' || text[10] != 'T' || text[13] != ':' || text[16] != ':'
            || !TryDigits(text.Slice(0, 4), out var year) || !TryDigits(text.Slice(5, 2), out var month) || !TryDigits(text.Slice(8, 2), out var day)
            || !TryDigits(text.Slice(11, 2), out var hour) || !TryDigits(text.Slice(14, 2), out var minute) || !TryDigits(text.Slice(17, 2), out var second)
            || hour > 23 || minute > 59 || second > 59 || month is < 1 or > 12 || day < 1 || day > DateTime.DaysInMonth(Math.Max(1, year), month))
        {
            return false;
        }

        var nanos = 0;
        if (text.Length > 20)
        {
            if (text[19] != '.')
            {
                return false;
            }

            var fraction = text[20..^1];
            if (!TryDigits(fraction, out nanos))
            {
                return false;
            }

            for (var i = fraction.Length; i < 9; i++)
            {
                nanos *= 10;
            }
        }

        if (year < 1)
        {
            return false;
        }

        var seconds = (new DateTime(year, month, day, hour, minute, second, DateTimeKind.Utc) - DateTime.UnixEpoch).Ticks / TimeSpan.TicksPerSecond;
        value = new Timestamp { Seconds = seconds, Nanos = nanos };
        return true;
    }

    private static bool TryDigits(ReadOnlySpan<byte> text, out int value)
    {
        value = 0;
        if (text.Length is 0 or > 9)
        {
            return false;
        }

        foreach (var b in text)
        {
            if (b is < (byte)'0' or > (byte)'9')
            {
                return false;
            }

            value = (value * 10) + (b - '0');
        }

        return true;
    }

    private static void Collect(MessageDescriptor descriptor, Dictionary<MessageDescriptor, MessageShape> shapes)
    {
        if (shapes.ContainsKey(descriptor))
        {
            return;
        }

        var fields = descriptor.Fields.InDeclarationOrder();
        var oneofs = descriptor.Oneofs;
        var byName = new Dictionary<string, FieldShape>(StringComparer.Ordinal);
        var shape = new MessageShape(descriptor, fields.Count + oneofs.Count);
        shapes[descriptor] = shape;
        for (var i = 0; i < fields.Count; i++)
        {
            var field = fields[i];
            var kind = KindOf(field);
            var oneof = field.RealContainingOneof is { } real ? fields.Count + oneofs.IndexOf(real) : -1;
            var fieldShape = new FieldShape(i, oneof, kind, field.IsRepeated, field.Accessor,
                kind == ValueKind.Message ? field.MessageType : null, field.FieldType == FieldType.Enum ? field.EnumType : null);
            // JsonParser accepts both the proto name and the lowerCamel JSON name (FieldCollection.ByJsonName).
            byName[field.Name] = fieldShape;
            byName[field.JsonName] = fieldShape;
            if (kind == ValueKind.Message)
            {
                Collect(field.MessageType, shapes);
            }
        }

        shape.Fields = byName.ToFrozenDictionary(StringComparer.Ordinal).GetAlternateLookup<ReadOnlySpan<char>>();
    }

    private static ValueKind KindOf(FieldDescriptor field)
    {
        if (field.IsMap)
        {
            return ValueKind.Unsupported;
        }

        var type = field.FieldType;
        if (type == FieldType.Message)
        {
            var message = field.MessageType;
            if (message.FullName == Timestamp.Descriptor.FullName)
            {
                return ValueKind.Timestamp;
            }

            if (message.File == WrappersReflection.Descriptor)
            {
                // JsonParser reads a wrapper as its value field (number 1) and sets the wrapper property with it.
                return PrimitiveKind(message.FindFieldByNumber(1).FieldType);
            }

            return message.File.Package == "google.protobuf" ? ValueKind.Unsupported : ValueKind.Message;
        }

        return type == FieldType.Enum ? ValueKind.Enum : PrimitiveKind(type);
    }

    private static ValueKind PrimitiveKind(FieldType type) => type switch
    {
        FieldType.String => ValueKind.String,
        FieldType.Bool => ValueKind.Bool,
        FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 => ValueKind.Int32,
        FieldType.UInt32 or FieldType.Fixed32 => ValueKind.UInt32,
        FieldType.Int64 or FieldType.SInt64 or FieldType.SFixed64 => ValueKind.Int64,
        FieldType.UInt64 or FieldType.Fixed64 => ValueKind.UInt64,
        _ => ValueKind.Unsupported,
    };

    private enum ValueKind
    {
        Unsupported,
        String,
        Bool,
        Int32,
        UInt32,
        Int64,
        UInt64,
        Enum,
        Timestamp,
        Message,
    }

    private sealed record FieldShape(int Index, int OneofIndex, ValueKind Kind, bool IsRepeated, IFieldAccessor Accessor, MessageDescriptor? MessageType, EnumDescriptor? EnumType);

    private sealed class MessageShape(MessageDescriptor descriptor, int fieldCount)
    {
        private readonly Func<IMessage> _create = Expression.Lambda<Func<IMessage>>(Expression.New(descriptor.ClrType)).Compile();

        public int FieldCount { get; } = fieldCount;

        public FrozenDictionary<string, FieldShape>.AlternateLookup<ReadOnlySpan<char>> Fields { get; set; }

        public IMessage Create() => _create();
    }
}
