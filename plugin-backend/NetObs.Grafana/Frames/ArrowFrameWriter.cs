using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ArrowField = Apache.Arrow.Field;

namespace NetObs.Grafana.Frames;

/// <summary>
/// Encodes a frame as one Arrow IPC file, the form Grafana decodes from <c>DataResponse.frames</c>.
/// </summary>
/// <remarks>
/// Layout facts from grafana-plugin-sdk-go data/arrow.go: schema metadata <c>name</c>, <c>refId</c>, <c>meta</c>;
/// field metadata <c>tstype</c>, <c>labels</c>, <c>config</c>; time as timestamp[ns] without zone; enum as uint16;
/// JSON as binary. No compression and no dictionaries, which the Go reader is not set up for.
/// </remarks>
public static class ArrowFrameWriter
{
    public static byte[] Write(DataFrame frame)
    {
        using var stream = new MemoryStream();
        Write(frame, stream);
        return stream.ToArray();
    }

    public static void Write(DataFrame frame, Stream destination)
    {
        frame.EnsureRectangular();
        var schema = BuildSchema(frame);
        var arrays = frame.Fields.Select(BuildArray).ToList();
        using var batch = new RecordBatch(schema, arrays, frame.RowCount);
        using var writer = new ArrowFileWriter(destination, schema, leaveOpen: true);
        writer.WriteRecordBatch(batch);
        writer.WriteEnd();
    }

    internal static Schema BuildSchema(DataFrame frame)
    {
        var metadata = new Dictionary<string, string>
        {
            ["name"] = frame.Name,
            ["refId"] = frame.RefId,
        };
        if (frame.Meta is not null)
        {
            metadata["meta"] = JsonSerializer.Serialize(frame.Meta, FrameJsonContext.Default.FrameMeta);
        }

        return new Schema(frame.Fields.Select(BuildField), metadata);
    }

    private static ArrowField BuildField(Field field)
    {
        var metadata = new Dictionary<string, string> { ["tstype"] = FieldTypeNames.ScriptTypeName(field.Type) };
        if (field.Labels is not null)
        {
            metadata["labels"] = JsonSerializer.Serialize(
                new Dictionary<string, string>(field.Labels), FrameJsonContext.Default.DictionaryStringString);
        }

        if (field.Config is not null)
        {
            metadata["config"] = JsonSerializer.Serialize(field.Config, FrameJsonContext.Default.FieldConfig);
        }

        return new ArrowField(field.Name, ArrowTypeOf(field.Type), field.Nullable, metadata);
    }

    private static IArrowType ArrowTypeOf(FieldType type) => type switch
    {
        FieldType.Int8 => Int8Type.Default,
        FieldType.Int16 => Int16Type.Default,
        FieldType.Int32 => Int32Type.Default,
        FieldType.Int64 => Int64Type.Default,
        FieldType.UInt8 => UInt8Type.Default,
        FieldType.UInt16 or FieldType.Enum => UInt16Type.Default,
        FieldType.UInt32 => UInt32Type.Default,
        FieldType.UInt64 => UInt64Type.Default,
        FieldType.Float32 => FloatType.Default,
        FieldType.Float64 => DoubleType.Default,
        FieldType.String => StringType.Default,
        FieldType.Bool => BooleanType.Default,
        FieldType.Time => new TimestampType(TimeUnit.Nanosecond, (string?)null),
        FieldType.Json => BinaryType.Default,
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown field type"),
    };

    private static IArrowArray BuildArray(Field field)
    {
        var type = ArrowTypeOf(field.Type);
        var data = field switch
        {
            Field<sbyte> f => Fixed(type, f.Values),
            Field<sbyte?> f => Fixed(type, f.Values),
            Field<short> f => Fixed(type, f.Values),
            Field<short?> f => Fixed(type, f.Values),
            Field<int> f => Fixed(type, f.Values),
            Field<int?> f => Fixed(type, f.Values),
            Field<long> f => Fixed(type, f.Values),
            Field<long?> f => Fixed(type, f.Values),
            Field<byte> f => Fixed(type, f.Values),
            Field<byte?> f => Fixed(type, f.Values),
            Field<ushort> f => Fixed(type, f.Values),
            Field<ushort?> f => Fixed(type, f.Values),
            Field<uint> f => Fixed(type, f.Values),
            Field<uint?> f => Fixed(type, f.Values),
            Field<ulong> f => Fixed(type, f.Values),
            Field<ulong?> f => Fixed(type, f.Values),
            Field<float> f => Fixed(type, f.Values),
            Field<float?> f => Fixed(type, f.Values),
            Field<double> f => Fixed(type, f.Values),
            Field<double?> f => Fixed(type, f.Values),
            Field<bool> f => Booleans(f.Values.Select(v => (bool?)v).ToList()),
            Field<bool?> f => Booleans(f.Values),
            Field<string?> f => VariableWidth(type, f.Values),
            _ => throw new NotSupportedException($"Field '{field.Name}' holds {field.GetType()}, which has no Arrow mapping; create fields with the Field factories."),
        };
        return ArrowArrayFactory.BuildArray(data);
    }

    private static ArrayData Fixed<T>(IArrowType type, List<T> values)
        where T : struct
    {
        var buffer = new ArrowBuffer.Builder<T>(values.Count);
        foreach (var value in values)
        {
            buffer.Append(value);
        }

        return new ArrayData(type, values.Count, 0, 0, [ArrowBuffer.Empty, buffer.Build()]);
    }

    private static ArrayData Fixed<T>(IArrowType type, List<T?> values)
        where T : struct
    {
        var buffer = new ArrowBuffer.Builder<T>(values.Count);
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        var nulls = 0;
        foreach (var value in values)
        {
            buffer.Append(value.GetValueOrDefault());
            validity.Append(value.HasValue);
            nulls += value.HasValue ? 0 : 1;
        }

        return new ArrayData(type, values.Count, nulls, 0, [validity.Build(), buffer.Build()]);
    }

    private static ArrayData Booleans(List<bool?> values)
    {
        var bits = new ArrowBuffer.BitmapBuilder(values.Count);
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        var nulls = 0;
        foreach (var value in values)
        {
            bits.Append(value.GetValueOrDefault());
            validity.Append(value.HasValue);
            nulls += value.HasValue ? 0 : 1;
        }

        return new ArrayData(BooleanType.Default, values.Count, nulls, 0, [nulls == 0 ? ArrowBuffer.Empty : validity.Build(), bits.Build()]);
    }

    private static ArrayData VariableWidth(IArrowType type, List<string?> values)
    {
        var offsets = new ArrowBuffer.Builder<int>(values.Count + 1);
        var bytes = new ArrowBuffer.Builder<byte>();
        var validity = new ArrowBuffer.BitmapBuilder(values.Count);
        var nulls = 0;
        var offset = 0;
        offsets.Append(0);
        foreach (var value in values)
        {
            if (value is not null)
            {
                var encoded = Encoding.UTF8.GetBytes(value);
                bytes.Append(encoded);
                offset += encoded.Length;
            }

            offsets.Append(offset);
            validity.Append(value is not null);
            nulls += value is null ? 1 : 0;
        }

        return new ArrayData(type, values.Count, nulls, 0, [nulls == 0 ? ArrowBuffer.Empty : validity.Build(), offsets.Build(), bytes.Build()]);
    }
}
