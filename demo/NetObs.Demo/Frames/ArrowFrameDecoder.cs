using System.Text.Json;
using System.Text.Json.Nodes;
using Apache.Arrow;
using Apache.Arrow.Ipc;

namespace NetObs.Demo.Frames;

/// <summary>Reads a frame as Grafana's Go SDK writes it: Arrow IPC file format with `name`/`refId`/`meta` schema metadata
/// and `name`/`labels`/`config` field metadata (grafana-plugin-protocol.md §3.1-3.3).</summary>
internal static class ArrowFrameDecoder
{
    public static DecodedFrame Decode(byte[] bytes)
    {
        using var reader = new ArrowFileReader(new MemoryStream(bytes), leaveOpen: false);
        var columns = new List<List<object?>>();
        var schema = reader.Schema;
        for (var i = 0; i < schema.FieldsList.Count; i++)
        {
            columns.Add([]);
        }

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

        var fields = schema.FieldsList.Select((field, c) => new DecodedField(
            FieldName(field),
            field.DataType.Name,
            Labels(field),
            columns[c])).ToList();
        var meta = schema.Metadata is not null && schema.Metadata.TryGetValue("meta", out var metaJson) && !string.IsNullOrEmpty(metaJson)
            ? JsonNode.Parse(metaJson) as JsonObject
            : null;
        var name = schema.Metadata is not null && schema.Metadata.TryGetValue("name", out var frameName) ? frameName : "";
        return new DecodedFrame(name, meta, fields);
    }

    private static string FieldName(Apache.Arrow.Field field) =>
        field.Metadata is not null && field.Metadata.TryGetValue("name", out var name) && !string.IsNullOrEmpty(name) ? name : field.Name;

    private static IReadOnlyDictionary<string, string> Labels(Apache.Arrow.Field field)
    {
        if (field.Metadata is null || !field.Metadata.TryGetValue("labels", out var json) || string.IsNullOrEmpty(json))
        {
            return new Dictionary<string, string>();
        }

        using var document = JsonDocument.Parse(json);
        return document.RootElement.ValueKind == JsonValueKind.Object
            ? document.RootElement.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.ToString())
            : new Dictionary<string, string>();
    }

    private static object? ValueAt(IArrowArray array, int row)
    {
        if (array.IsNull(row))
        {
            return null;
        }

        return array switch
        {
            StringArray strings => strings.GetString(row),
            TimestampArray times => times.GetTimestamp(row),
            Int64Array a => a.GetValue(row),
            Int32Array a => (long?)a.GetValue(row),
            Int16Array a => (long?)a.GetValue(row),
            Int8Array a => (long?)a.GetValue(row),
            UInt64Array a => a.GetValue(row),
            UInt32Array a => (ulong?)a.GetValue(row),
            UInt16Array a => (ulong?)a.GetValue(row),
            UInt8Array a => (ulong?)a.GetValue(row),
            DoubleArray a => a.GetValue(row),
            FloatArray a => (double?)a.GetValue(row),
            BooleanArray a => a.GetValue(row),
            BinaryArray a => System.Text.Encoding.UTF8.GetString(a.GetBytes(row)),
            _ => $"<{array.Data.DataType.Name}>",
        };
    }
}
