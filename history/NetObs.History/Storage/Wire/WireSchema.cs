using System.Collections.Frozen;
using System.Text.Unicode;
using Google.Protobuf.Reflection;

namespace NetObs.History.Storage.Wire;

/// <summary>
/// Which fields of a message are themselves messages, strings or packable numbers, taken from the generated code's
/// descriptors, so that the bytes of a message can be checked as deeply as Google.Protobuf parses them without
/// building it. A check answers false wherever Google.Protobuf could refuse the bytes (and in a few odd cases it would
/// accept); the caller then asks Google.Protobuf, so the two never disagree about what is a valid flow.
/// </summary>
internal sealed class WireSchema
{
    private enum Kind
    {
        Varint,
        Fixed32,
        Fixed64,
        String,
        Bytes,
        Message,
        Other,
    }

    private readonly record struct Field(Kind Kind, bool Repeated, WireSchema? Message);

    private FrozenDictionary<int, Field> _fields = FrozenDictionary<int, Field>.Empty;

    private WireSchema()
    {
    }

    // flow.Flow and every message under it (google.protobuf.Timestamp and BoolValue among them), by full name.
    private static readonly FrozenDictionary<string, WireSchema> FlowMessages = BuildAll(Cilium.Flow.Flow.Descriptor);

    /// <summary>The schema of flow.Flow or of a message under it.</summary>
    public static WireSchema Of(MessageDescriptor descriptor) => FlowMessages[descriptor.FullName];

    private static FrozenDictionary<string, WireSchema> BuildAll(MessageDescriptor root)
    {
        var built = new Dictionary<string, WireSchema>(StringComparer.Ordinal);
        Build(root, built);
        return built.ToFrozenDictionary(StringComparer.Ordinal);
    }

    private static WireSchema Build(MessageDescriptor descriptor, Dictionary<string, WireSchema> built)
    {
        if (built.TryGetValue(descriptor.FullName, out var existing))
        {
            return existing;
        }

        // Registered before its fields, so a message that contains itself refers to this instance.
        var schema = new WireSchema();
        built[descriptor.FullName] = schema;
        var fields = new Dictionary<int, Field>();
        foreach (var field in descriptor.Fields.InFieldNumberOrder())
        {
            var kind = field.FieldType switch
            {
                FieldType.Int32 or FieldType.Int64 or FieldType.UInt32 or FieldType.UInt64 or FieldType.SInt32 or FieldType.SInt64
                    or FieldType.Bool or FieldType.Enum => Kind.Varint,
                FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float => Kind.Fixed32,
                FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double => Kind.Fixed64,
                FieldType.String => Kind.String,
                FieldType.Bytes => Kind.Bytes,
                FieldType.Message => Kind.Message,
                _ => Kind.Other,
            };
            fields[field.FieldNumber] = new Field(kind, field.IsRepeated, kind == Kind.Message ? Build(field.MessageType, built) : null);
        }

        schema._fields = fields.ToFrozenDictionary();
        return schema;
    }

    /// <summary>Whether the whole message is one Google.Protobuf reads as this schema's message.</summary>
    public bool IsValid(ReadOnlySpan<byte> message, int depth)
    {
        if (depth > WireReader.MaxDepth)
        {
            return false;
        }

        var reader = new WireReader(message, 0);
        while (!reader.End)
        {
            if (!reader.TryReadTag(out var field, out var wireType) || !TryCheckField(ref reader, field, wireType, depth))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Checks and passes the value of one field whose tag was just read.</summary>
    public bool TryCheckField(ref WireReader reader, int field, int wireType, int depth)
    {
        if (!_fields.TryGetValue(field, out var known))
        {
            return reader.TrySkip(field, wireType, depth);
        }

        if (wireType != 2)
        {
            // Scalars in their own wire type, and any field in a wire type not its own, which the parser keeps as unknown.
            return known.Kind != Kind.Other && reader.TrySkip(field, wireType, depth);
        }

        switch (known.Kind)
        {
            case Kind.Message:
                return reader.TryReadLengthDelimited(out var message, out _) && known.Message!.IsValid(message, depth + 1);
            case Kind.String:
                // Google.Protobuf refuses a string that is not UTF-8; the reference parser says so.
                return reader.TryReadLengthDelimited(out var text, out _) && Utf8.IsValid(text);
            case Kind.Bytes:
                return reader.TryReadLengthDelimited(out _, out _);
            case Kind.Varint or Kind.Fixed32 or Kind.Fixed64 when known.Repeated:
                return reader.TryReadLengthDelimited(out var packed, out _) && IsPacked(packed, known.Kind);
            case Kind.Varint or Kind.Fixed32 or Kind.Fixed64:
                return reader.TrySkip(field, wireType, depth);
            default:
                return false;
        }
    }

    private static bool IsPacked(ReadOnlySpan<byte> packed, Kind kind)
    {
        switch (kind)
        {
            case Kind.Fixed32:
                return packed.Length % 4 == 0;
            case Kind.Fixed64:
                return packed.Length % 8 == 0;
            default:
                var reader = new WireReader(packed, 0);
                while (!reader.End)
                {
                    if (!reader.TryReadVarint(out _))
                    {
                        return false;
                    }
                }

                return true;
        }
    }
}
