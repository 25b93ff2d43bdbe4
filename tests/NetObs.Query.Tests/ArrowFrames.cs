using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Google.Protobuf;

namespace NetObs.Query.Tests;

/// <summary>Reads frames with Apache.Arrow's own ArrowFileReader, as Grafana's Go decoder reads the IPC file format.</summary>
internal static class ArrowFrames
{
    public static DecodedFrame Read(ByteString bytes)
    {
        var data = bytes.ToByteArray();
        Assert.Equal("ARROW1"u8.ToArray(), data[..6]);
        using var reader = new ArrowFileReader(new MemoryStream(data));
        var schema = reader.Schema;
        var columns = schema.FieldsList.Select(_ => new List<object?>()).ToList();
        for (RecordBatch? batch = reader.ReadNextRecordBatch(); batch is not null; batch = reader.ReadNextRecordBatch())
        {
            using (batch)
            {
                for (var c = 0; c < batch.ColumnCount; c++)
                {
                    var array = batch.Column(c);
                    for (var row = 0; row < array.Length; row++)
                    {
                        columns[c].Add(Value(array, row));
                    }
                }
            }
        }

        var metadata = schema.Metadata ?? new Dictionary<string, string>();
        JsonElement? meta = metadata.TryGetValue("meta", out var json) ? JsonDocument.Parse(json).RootElement.Clone() : null;
        var fields = schema.FieldsList.Select((f, i) => new DecodedField(f.Name, f.DataType, f.IsNullable,
            f.Metadata is not null && f.Metadata.TryGetValue("labels", out var labels) ? JsonSerializer.Deserialize(labels, TestJsonContext.Default.DictionaryStringString) : null,
            columns[i])).ToList();
        return new DecodedFrame(metadata.GetValueOrDefault("name", ""), metadata.GetValueOrDefault("refId", ""), meta, fields);
    }

    private static object? Value(IArrowArray array, int row) => array.IsNull(row) ? null : array switch
    {
        TimestampArray t => t.GetTimestamp(row),
        StringArray s => s.GetString(row),
        BinaryArray b => System.Text.Encoding.UTF8.GetString(b.GetBytes(row)),
        DoubleArray d => d.GetValue(row),
        Int64Array l => l.GetValue(row),
        UInt64Array u => u.GetValue(row),
        UInt32Array u => u.GetValue(row),
        BooleanArray b => b.GetValue(row),
        _ => array.GetType().Name,
    };
}

/// <summary>A frame as decoded from Arrow: name, refId, meta and fields.</summary>
internal sealed record DecodedFrame(string Name, string RefId, JsonElement? Meta, IReadOnlyList<DecodedField> Fields)
{
    public DecodedField Field(string name) => Fields.Single(f => f.Name == name);

    public int Rows => Fields.Count == 0 ? 0 : Fields[0].Values.Count;
}

/// <summary>One decoded field with its Arrow type, labels and values.</summary>
internal sealed record DecodedField(string Name, Apache.Arrow.Types.IArrowType Type, bool Nullable, Dictionary<string, string>? Labels, List<object?> Values);
