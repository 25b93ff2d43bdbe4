using System.Text;
using System.Text.Json;
using Apache.Arrow;
using Apache.Arrow.Ipc;
using Apache.Arrow.Types;
using ArrowField = Apache.Arrow.Field;

namespace NetObs.Grafana.Frames;

/// <summary>Decodes an Arrow IPC file written by Grafana's Go SDK (or by <see cref="ArrowFrameWriter"/>) into a frame.</summary>
public static class ArrowFrameReader
{
    public static DataFrame Read(ReadOnlyMemory<byte> arrowFile)
    {
        using var stream = new MemoryStream(arrowFile.ToArray(), writable: false);
        using var reader = new ArrowFileReader(stream);
        var batches = new List<RecordBatch>();
        try
        {
            while (reader.ReadNextRecordBatch() is { } batch)
            {
                batches.Add(batch);
            }

            var schema = reader.Schema;
            var fields = schema.FieldsList.Select((arrowField, column) => ReadField(arrowField, batches.Select(b => b.Column(column)).ToList()));
            var frame = new DataFrame(Metadata(schema.Metadata, "name") ?? "", fields)
            {
                RefId = Metadata(schema.Metadata, "refId") ?? "",
            };
            if (Metadata(schema.Metadata, "meta") is { } meta)
            {
                frame.Meta = JsonSerializer.Deserialize(meta, FrameJsonContext.Default.FrameMeta);
            }

            return frame;
        }
        finally
        {
            foreach (var batch in batches)
            {
                batch.Dispose();
            }
        }
    }

    private static string? Metadata(IReadOnlyDictionary<string, string>? metadata, string key) =>
        metadata is not null && metadata.TryGetValue(key, out var value) ? value : null;

    private static Field ReadField(ArrowField arrowField, List<IArrowArray> chunks)
    {
        var name = arrowField.Name;
        var nullable = arrowField.IsNullable;
        var isEnum = Metadata(arrowField.Metadata, "tstype") == "enum";
        Field field = arrowField.DataType.TypeId switch
        {
            ArrowTypeId.Int8 => nullable ? Field.Int8(name, Values<sbyte>(chunks)) : Field.Int8(name, Values<sbyte>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Int16 => nullable ? Field.Int16(name, Values<short>(chunks)) : Field.Int16(name, Values<short>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Int32 => nullable ? Field.Int32(name, Values<int>(chunks)) : Field.Int32(name, Values<int>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Int64 => nullable ? Field.Int64(name, Values<long>(chunks)) : Field.Int64(name, Values<long>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.UInt8 => nullable ? Field.UInt8(name, Values<byte>(chunks)) : Field.UInt8(name, Values<byte>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.UInt16 when isEnum => nullable ? Field.Enum(name, Values<ushort>(chunks)) : Field.Enum(name, Values<ushort>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.UInt16 => nullable ? Field.UInt16(name, Values<ushort>(chunks)) : Field.UInt16(name, Values<ushort>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.UInt32 => nullable ? Field.UInt32(name, Values<uint>(chunks)) : Field.UInt32(name, Values<uint>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.UInt64 => nullable ? Field.UInt64(name, Values<ulong>(chunks)) : Field.UInt64(name, Values<ulong>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Float => nullable ? Field.Float32(name, Values<float>(chunks)) : Field.Float32(name, Values<float>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Double => nullable ? Field.Float64(name, Values<double>(chunks)) : Field.Float64(name, Values<double>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.Boolean => nullable ? Field.Bool(name, Booleans(chunks)) : Field.Bool(name, Booleans(chunks).Select(v => v ?? false)),
            // Grafana's reader takes every timestamp as nanoseconds whatever the declared unit; so do we.
            ArrowTypeId.Timestamp => nullable ? Field.Time(name, Values<long>(chunks)) : Field.Time(name, Values<long>(chunks).Select(v => v ?? 0)),
            ArrowTypeId.String => nullable ? (Field)Field.NullableString(name, Strings(chunks)) : Field.String(name, Strings(chunks).Select(v => v ?? "")),
            ArrowTypeId.Binary => nullable ? (Field)Field.NullableJson(name, Strings(chunks)) : Field.Json(name, Strings(chunks).Select(v => v ?? "null")),
            _ => throw new NotSupportedException(
                $"Arrow field '{name}' has type {arrowField.DataType.Name}, which Grafana frames do not use; expected an integer, float, bool, utf8, binary or timestamp column."),
        };

        if (Metadata(arrowField.Metadata, "labels") is { } labels)
        {
            field.Labels = JsonSerializer.Deserialize(labels, FrameJsonContext.Default.DictionaryStringString);
        }

        if (Metadata(arrowField.Metadata, "config") is { } config)
        {
            field.Config = JsonSerializer.Deserialize(config, FrameJsonContext.Default.FieldConfig);
        }

        return field;
    }

    private static IEnumerable<T?> Values<T>(List<IArrowArray> chunks)
        where T : struct, IEquatable<T>
    {
        foreach (var chunk in chunks)
        {
            var data = chunk.Data;
            var values = data.Buffers[1].Span.CastTo<T>().Slice(data.Offset, data.Length).ToArray();
            for (var i = 0; i < values.Length; i++)
            {
                yield return chunk.IsNull(i) ? null : values[i];
            }
        }
    }

    private static IEnumerable<bool?> Booleans(List<IArrowArray> chunks)
    {
        foreach (var chunk in chunks.Cast<BooleanArray>())
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                yield return chunk.GetValue(i);
            }
        }
    }

    private static IEnumerable<string?> Strings(List<IArrowArray> chunks)
    {
        foreach (var chunk in chunks.Cast<BinaryArray>())
        {
            for (var i = 0; i < chunk.Length; i++)
            {
                yield return chunk.IsNull(i) ? null : Encoding.UTF8.GetString(chunk.GetBytes(i));
            }
        }
    }
}
