namespace NetObs.Grafana.Frames;

/// <summary>The Go SDK's field types (grafana-plugin-sdk-go data/field_type.go); each maps to one Arrow type.</summary>
public enum FieldType
{
    Int8,
    Int16,
    Int32,
    Int64,
    UInt8,
    UInt16,
    UInt32,
    UInt64,
    Float32,
    Float64,
    String,
    Bool,

    /// <summary>Nanoseconds since the Unix epoch, written as Arrow timestamp[ns].</summary>
    Time,

    /// <summary>One JSON value per row, written as Arrow binary.</summary>
    Json,

    /// <summary>An index into <c>config.type.enum.text</c>, written as Arrow uint16 with <c>tstype=enum</c>.</summary>
    Enum,
}
