namespace NetObs.Grafana.Frames;

/// <summary>The names Grafana uses for field types in frame JSON and Arrow metadata.</summary>
internal static class FieldTypeNames
{
    /// <summary>The Go type name in <c>typeInfo.frame</c> (grafana-plugin-sdk-go data/frame.schema.json).</summary>
    public static string FrameTypeName(FieldType type) => type switch
    {
        FieldType.Int8 => "int8",
        FieldType.Int16 => "int16",
        FieldType.Int32 => "int32",
        FieldType.Int64 => "int64",
        FieldType.UInt8 => "uint8",
        FieldType.UInt16 => "uint16",
        FieldType.UInt32 => "uint32",
        FieldType.UInt64 => "uint64",
        FieldType.Float32 => "float32",
        FieldType.Float64 => "float64",
        FieldType.String => "string",
        FieldType.Bool => "bool",
        FieldType.Time => "time.Time",
        FieldType.Json => "json.RawMessage",
        FieldType.Enum => "enum",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown field type"),
    };

    /// <summary>The frontend type in <c>type</c> and in the Arrow <c>tstype</c> metadata key.</summary>
    public static string ScriptTypeName(FieldType type) => type switch
    {
        FieldType.String => "string",
        FieldType.Bool => "boolean",
        FieldType.Time => "time",
        FieldType.Json => "other",
        FieldType.Enum => "enum",
        _ => "number",
    };

    public static bool IsFloat(FieldType type) => type is FieldType.Float32 or FieldType.Float64;
}
