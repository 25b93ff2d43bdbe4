using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace NetObs.Grafana.Frames;

/// <summary>Which parts of a frame the JSON form carries; stream packets send the schema once, then data only.</summary>
public enum FrameInclude
{
    All,
    SchemaOnly,
    DataOnly,
}

/// <summary>
/// Writes Grafana's JSON frame form (<c>{"schema":{...},"data":{"values":[...]}}</c>) used by stream packets.
/// </summary>
/// <remarks>
/// Facts from grafana-plugin-sdk-go data/frame.schema.json and data/testdata/all_types.golden.json: times are
/// epoch milliseconds with the sub-millisecond rest in <c>data.nanos</c>; NaN and infinities are written as null
/// and listed per field in <c>data.entities</c>; JSON fields carry their raw value.
/// </remarks>
public static class JsonFrameWriter
{
    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static byte[] Write(DataFrame frame, FrameInclude include = FrameInclude.All)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            Write(frame, writer, include);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(DataFrame frame, Utf8JsonWriter writer, FrameInclude include = FrameInclude.All)
    {
        frame.EnsureRectangular();
        writer.WriteStartObject();
        if (include != FrameInclude.DataOnly)
        {
            writer.WritePropertyName("schema");
            WriteSchema(frame, writer);
        }

        if (include != FrameInclude.SchemaOnly)
        {
            writer.WritePropertyName("data");
            WriteData(frame, writer);
        }

        writer.WriteEndObject();
    }

    private static void WriteSchema(DataFrame frame, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("name", frame.Name);
        writer.WriteString("refId", frame.RefId);
        if (frame.Meta is not null)
        {
            writer.WritePropertyName("meta");
            JsonSerializer.Serialize(writer, frame.Meta, FrameJsonContext.Default.FrameMeta);
        }

        writer.WriteStartArray("fields");
        foreach (var field in frame.Fields)
        {
            writer.WriteStartObject();
            writer.WriteString("name", field.Name);
            writer.WriteString("type", FieldTypeNames.ScriptTypeName(field.Type));
            writer.WriteStartObject("typeInfo");
            writer.WriteString("frame", FieldTypeNames.FrameTypeName(field.Type));
            if (field.Nullable)
            {
                writer.WriteBoolean("nullable", true);
            }

            writer.WriteEndObject();
            if (field.Labels is not null)
            {
                writer.WriteStartObject("labels");
                foreach (var (key, value) in field.Labels.OrderBy(l => l.Key, StringComparer.Ordinal))
                {
                    writer.WriteString(key, value);
                }

                writer.WriteEndObject();
            }

            if (field.Config is not null)
            {
                writer.WritePropertyName("config");
                JsonSerializer.Serialize(writer, field.Config, FrameJsonContext.Default.FieldConfig);
            }

            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void WriteData(DataFrame frame, Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteStartArray("values");
        foreach (var field in frame.Fields)
        {
            writer.WriteStartArray();
            for (var row = 0; row < field.Length; row++)
            {
                WriteValue(field, row, writer);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndArray();

        var entities = frame.Fields.Select(FloatEntities).ToList();
        if (entities.Any(e => e is not null))
        {
            writer.WriteStartArray("entities");
            foreach (var entity in entities)
            {
                WriteEntities(entity, writer);
            }

            writer.WriteEndArray();
        }

        var nanos = frame.Fields.Select(SubMillisecondNanos).ToList();
        if (nanos.Any(n => n is not null))
        {
            writer.WriteStartArray("nanos");
            foreach (var rest in nanos)
            {
                if (rest is null)
                {
                    writer.WriteNullValue();
                    continue;
                }

                writer.WriteStartArray();
                foreach (var value in rest)
                {
                    writer.WriteNumberValue(value);
                }

                writer.WriteEndArray();
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WriteValue(Field field, int row, Utf8JsonWriter writer)
    {
        var value = field.GetValue(row);
        switch (value)
        {
            case null:
                writer.WriteNullValue();
                break;
            case long ns when field.Type == FieldType.Time:
                writer.WriteNumberValue(ns / 1_000_000);
                break;
            case string json when field.Type == FieldType.Json:
                writer.WriteRawValue(json);
                break;
            case string text:
                writer.WriteStringValue(text);
                break;
            case bool flag:
                writer.WriteBooleanValue(flag);
                break;
            case float single when float.IsFinite(single):
                writer.WriteNumberValue(single);
                break;
            case double number when double.IsFinite(number):
                writer.WriteNumberValue(number);
                break;
            case float or double:
                writer.WriteNullValue();
                break;
            case sbyte or short or int or long:
                writer.WriteNumberValue(Convert.ToInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            case byte or ushort or uint or ulong:
                writer.WriteNumberValue(Convert.ToUInt64(value, System.Globalization.CultureInfo.InvariantCulture));
                break;
            default:
                throw new NotSupportedException($"Field '{field.Name}' holds a {value.GetType()} at row {row}, which has no JSON frame form.");
        }
    }

    private sealed record FloatSpecials(List<int> NaN, List<int> Inf, List<int> NegInf);

    private static FloatSpecials? FloatEntities(Field field)
    {
        if (!FieldTypeNames.IsFloat(field.Type))
        {
            return null;
        }

        var specials = new FloatSpecials([], [], []);
        for (var row = 0; row < field.Length; row++)
        {
            var value = field.GetValue(row) switch
            {
                float single => single,
                double number => number,
                _ => 0d,
            };
            var list = double.IsNaN(value) ? specials.NaN
                : double.IsPositiveInfinity(value) ? specials.Inf
                : double.IsNegativeInfinity(value) ? specials.NegInf
                : null;
            list?.Add(row);
        }

        return specials.NaN.Count + specials.Inf.Count + specials.NegInf.Count == 0 ? null : specials;
    }

    private static void WriteEntities(FloatSpecials? entity, Utf8JsonWriter writer)
    {
        if (entity is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteRows("NaN", entity.NaN, writer);
        WriteRows("Inf", entity.Inf, writer);
        WriteRows("NegInf", entity.NegInf, writer);
        writer.WriteEndObject();
    }

    private static void WriteRows(string name, List<int> rows, Utf8JsonWriter writer)
    {
        if (rows.Count == 0)
        {
            return;
        }

        writer.WriteStartArray(name);
        foreach (var row in rows)
        {
            writer.WriteNumberValue(row);
        }

        writer.WriteEndArray();
    }

    private static List<long>? SubMillisecondNanos(Field field)
    {
        if (field.Type != FieldType.Time)
        {
            return null;
        }

        var rest = new List<long>(field.Length);
        var any = false;
        for (var row = 0; row < field.Length; row++)
        {
            var remainder = field.GetValue(row) is long ns ? ns % 1_000_000 : 0;
            any |= remainder != 0;
            rest.Add(remainder);
        }

        return any ? rest : null;
    }
}
