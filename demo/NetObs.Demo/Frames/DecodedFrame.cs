using System.Text.Json.Nodes;

namespace NetObs.Demo.Frames;

/// <summary>A Grafana data frame read back from the plugin's Arrow bytes: name, meta and columns of plain values.</summary>
internal sealed record DecodedFrame(string Name, JsonObject? Meta, IReadOnlyList<DecodedField> Fields)
{
    public int RowCount => Fields.Count == 0 ? 0 : Fields.Max(f => f.Values.Count);

    public DecodedField? Field(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>The first field whose name matches any of <paramref name="names"/>, in the order given.</summary>
    public DecodedField? FirstField(params string[] names) =>
        names.Select(Field).FirstOrDefault(f => f is not null);

    public string? ExecutedQueryString => Meta?["executedQueryString"]?.GetValue<string>();

    public IEnumerable<string> Notices =>
        Meta?["notices"] is JsonArray notices
            ? notices.Select(n => n?["text"]?.GetValue<string>()).OfType<string>()
            : [];
}

/// <summary>One column: its Grafana name, labels and values (string, long, ulong, double, bool, DateTimeOffset or null).</summary>
internal sealed record DecodedField(string Name, string ArrowType, IReadOnlyDictionary<string, string> Labels, IReadOnlyList<object?> Values)
{
    public string Text(int row) => row < Values.Count ? DecodedValues.Format(Values[row]) : "";

    public double Number(int row) => row < Values.Count ? DecodedValues.ToDouble(Values[row]) : double.NaN;
}
