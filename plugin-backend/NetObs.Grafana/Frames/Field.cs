namespace NetObs.Grafana.Frames;

/// <summary>One column of a data frame: a name, a type, optional labels and display config, and values.</summary>
/// <remarks>
/// Create fields with the typed factories (<see cref="Int64(string, IEnumerable{long})"/>, <see cref="Time(string, IEnumerable{long})"/>, ...)
/// so that the CLR value type always matches <see cref="Type"/>; append to <see cref="Field{T}.Values"/> afterwards.
/// </remarks>
public abstract class Field
{
    private protected Field(string name, FieldType type, bool nullable)
    {
        Name = name;
        Type = type;
        Nullable = nullable;
    }

    public string Name { get; }

    public FieldType Type { get; }

    /// <summary>Whether rows may be null; decides the Arrow nullable flag Grafana reads.</summary>
    public bool Nullable { get; }

    /// <summary>Series labels (string to string), written even when empty if set.</summary>
    public IReadOnlyDictionary<string, string>? Labels { get; set; }

    public FieldConfig? Config { get; set; }

    public abstract int Length { get; }

    /// <summary>The value at <paramref name="row"/>, boxed; for tests and slow paths.</summary>
    public abstract object? GetValue(int row);

    public static Field<sbyte> Int8(string name, IEnumerable<sbyte> values) => new(name, FieldType.Int8, false, values);

    public static Field<sbyte?> Int8(string name, IEnumerable<sbyte?> values) => new(name, FieldType.Int8, true, values);

    public static Field<short> Int16(string name, IEnumerable<short> values) => new(name, FieldType.Int16, false, values);

    public static Field<short?> Int16(string name, IEnumerable<short?> values) => new(name, FieldType.Int16, true, values);

    public static Field<int> Int32(string name, IEnumerable<int> values) => new(name, FieldType.Int32, false, values);

    public static Field<int?> Int32(string name, IEnumerable<int?> values) => new(name, FieldType.Int32, true, values);

    public static Field<long> Int64(string name, IEnumerable<long> values) => new(name, FieldType.Int64, false, values);

    public static Field<long?> Int64(string name, IEnumerable<long?> values) => new(name, FieldType.Int64, true, values);

    public static Field<byte> UInt8(string name, IEnumerable<byte> values) => new(name, FieldType.UInt8, false, values);

    public static Field<byte?> UInt8(string name, IEnumerable<byte?> values) => new(name, FieldType.UInt8, true, values);

    public static Field<ushort> UInt16(string name, IEnumerable<ushort> values) => new(name, FieldType.UInt16, false, values);

    public static Field<ushort?> UInt16(string name, IEnumerable<ushort?> values) => new(name, FieldType.UInt16, true, values);

    public static Field<uint> UInt32(string name, IEnumerable<uint> values) => new(name, FieldType.UInt32, false, values);

    public static Field<uint?> UInt32(string name, IEnumerable<uint?> values) => new(name, FieldType.UInt32, true, values);

    public static Field<ulong> UInt64(string name, IEnumerable<ulong> values) => new(name, FieldType.UInt64, false, values);

    public static Field<ulong?> UInt64(string name, IEnumerable<ulong?> values) => new(name, FieldType.UInt64, true, values);

    public static Field<float> Float32(string name, IEnumerable<float> values) => new(name, FieldType.Float32, false, values);

    public static Field<float?> Float32(string name, IEnumerable<float?> values) => new(name, FieldType.Float32, true, values);

    public static Field<double> Float64(string name, IEnumerable<double> values) => new(name, FieldType.Float64, false, values);

    public static Field<double?> Float64(string name, IEnumerable<double?> values) => new(name, FieldType.Float64, true, values);

    public static Field<bool> Bool(string name, IEnumerable<bool> values) => new(name, FieldType.Bool, false, values);

    public static Field<bool?> Bool(string name, IEnumerable<bool?> values) => new(name, FieldType.Bool, true, values);

    public static Field<string> String(string name, IEnumerable<string> values) => new(name, FieldType.String, false, values);

    public static Field<string?> NullableString(string name, IEnumerable<string?> values) => new(name, FieldType.String, true, values);

    /// <summary>A time field from nanoseconds since the Unix epoch.</summary>
    public static Field<long> Time(string name, IEnumerable<long> unixNanoseconds) => new(name, FieldType.Time, false, unixNanoseconds);

    /// <summary>A nullable time field from nanoseconds since the Unix epoch.</summary>
    public static Field<long?> Time(string name, IEnumerable<long?> unixNanoseconds) => new(name, FieldType.Time, true, unixNanoseconds);

    public static Field<long> Time(string name, IEnumerable<DateTimeOffset> values) =>
        new(name, FieldType.Time, false, values.Select(UnixNanoseconds));

    /// <summary>A field of raw JSON values (one complete JSON value per row).</summary>
    public static Field<string> Json(string name, IEnumerable<string> jsonValues) => new(name, FieldType.Json, false, jsonValues);

    public static Field<string?> NullableJson(string name, IEnumerable<string?> jsonValues) => new(name, FieldType.Json, true, jsonValues);

    /// <summary>An enum field: each value indexes <paramref name="text"/>, which becomes <c>config.type.enum.text</c>.</summary>
    public static Field<ushort> Enum(string name, IEnumerable<ushort> values, IReadOnlyList<string>? text = null) =>
        WithEnumText(new Field<ushort>(name, FieldType.Enum, false, values), text);

    public static Field<ushort?> Enum(string name, IEnumerable<ushort?> values, IReadOnlyList<string>? text = null) =>
        WithEnumText(new Field<ushort?>(name, FieldType.Enum, true, values), text);

    /// <summary>Nanoseconds since the Unix epoch of <paramref name="time"/> (100 ns resolution).</summary>
    public static long UnixNanoseconds(DateTimeOffset time) => (time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) * 100;

    private static T WithEnumText<T>(T field, IReadOnlyList<string>? text)
        where T : Field
    {
        if (text is not null)
        {
            field.Config = new FieldConfig { TypeConfig = new FieldTypeConfig { Enum = new EnumFieldConfig { Text = text } } };
        }

        return field;
    }
}

/// <summary>A field whose values are of CLR type <typeparamref name="T"/> (nullable value types for nullable fields).</summary>
public sealed class Field<T> : Field
{
    internal Field(string name, FieldType type, bool nullable, IEnumerable<T>? values)
        : base(name, type, nullable)
    {
        Values = values is null ? [] : [.. values];
    }

    public List<T> Values { get; }

    public override int Length => Values.Count;

    public override object? GetValue(int row) => Values[row];
}
