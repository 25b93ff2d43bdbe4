using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Google.Protobuf;

namespace NetObs.Testing.Frames;

/// <summary>
/// Reads a frame with Apache.Arrow's own ArrowFileReader, as Grafana's Go SDK reads it: Arrow IPC file format with
/// `name`/`refId`/`meta` schema metadata and `name`/`labels`/`config` field metadata (grafana-plugin-protocol.md §3.1-3.3).
/// </summary>
public static class ArrowFrameDecoder
{
    private static ReadOnlySpan<byte> FileMagic => "ARROW1"u8;

    /// <summary>Decodes the bytes of one entry of a DataResponse's frames.</summary>
    public static DecodedFrame Decode(ByteString bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        return Decode(bytes.ToByteArray());
    }

    /// <summary>Decodes one Arrow IPC file; fails when the bytes are an Arrow stream or not Arrow at all, which Grafana would refuse too.</summary>
    public static DecodedFrame Decode(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        if (bytes.Length < FileMagic.Length || !bytes.AsSpan(0, FileMagic.Length).SequenceEqual(FileMagic))
        {
            throw new InvalidDataException(
                $"The frame does not start with ARROW1 (it starts with {Convert.ToHexString(bytes.AsSpan(0, Math.Min(8, bytes.Length)))}): Grafana reads frames in the Arrow IPC file format.");
        }

        using var reader = new ArrowFileReader(new MemoryStream(bytes), leaveOpen: false);
        var schema = reader.Schema;
        var columns = schema.FieldsList.Select(_ => new List<object?>()).ToList();
        while (reader.ReadNextRecordBatch() is { } batch)
        {
            using (batch)
            {
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    var array = batch.Column(c);
                    for (var row = 0; row < array.Length; row++)
                    {
                        columns[c].Add(ValueAt(array, row));
                    }
                }
            }
        }

        var metadata = schema.Metadata ?? new Dictionary<string, string>();
        var meta = metadata.TryGetValue("meta", out var metaJson) && !string.IsNullOrEmpty(metaJson) ? Parse(metaJson) : null;
        var fields = schema.FieldsList.Select((field, c) => new DecodedField(FieldName(field), field.DataType, field.IsNullable, Labels(field), columns[c])).ToList();
        return new DecodedFrame(metadata.GetValueOrDefault("name", ""), metadata.GetValueOrDefault("refId", ""), meta, fields);
    }

    private static JsonElement? Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    // The Go SDK writes the frame field's name into the metadata; the Arrow name is the same unless a writer had to change it.
    private static string FieldName(Field field) =>
        field.Metadata is not null && field.Metadata.TryGetValue("name", out var name) && !string.IsNullOrEmpty(name) ? name : field.Name;

    private static Dictionary<string, string> Labels(Field field)
    {
        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (field.Metadata is null || !field.Metadata.TryGetValue("labels", out var json) || string.IsNullOrEmpty(json))
        {
            return labels;
        }

        using var document = JsonDocument.Parse(json);
        if (document.RootElement.ValueKind == JsonValueKind.Object)
        {
            foreach (var label in document.RootElement.EnumerateObject())
            {
                labels[label.Name] = label.Value.ValueKind == JsonValueKind.String ? label.Value.GetString()! : label.Value.GetRawText();
            }
        }

        return labels;
    }

    private static object? ValueAt(IArrowArray array, int row) => array.IsNull(row) ? null : array switch
    {
        StringArray a => a.GetString(row),
        TimestampArray a => a.GetTimestamp(row),
        Int8Array a => a.GetValue(row),
        Int16Array a => a.GetValue(row),
        Int32Array a => a.GetValue(row),
        Int64Array a => a.GetValue(row),
        UInt8Array a => a.GetValue(row),
        UInt16Array a => a.GetValue(row),
        UInt32Array a => a.GetValue(row),
        UInt64Array a => a.GetValue(row),
        FloatArray a => a.GetValue(row),
        DoubleArray a => a.GetValue(row),
        BooleanArray a => a.GetValue(row),
        // The Go SDK writes JSON fields as binary holding UTF-8 text.
        BinaryArray a => Encoding.UTF8.GetString(a.GetBytes(row)),
        _ => throw new NotSupportedException($"The frame holds an Arrow {array.Data.DataType.Name} column, a type Grafana's frames do not use."),
    };
}
