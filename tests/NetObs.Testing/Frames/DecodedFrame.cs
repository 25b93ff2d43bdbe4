using System.Text.Json;

namespace NetObs.Testing.Frames;

/// <summary>A Grafana data frame read back from Arrow: name, refId, meta and its fields in order.</summary>
public sealed record DecodedFrame(string Name, string RefId, JsonElement? Meta, IReadOnlyList<DecodedField> Fields)
{
    /// <summary>The number of rows (every field of a frame has the same length).</summary>
    public int RowCount => Fields.Count == 0 ? 0 : Fields.Max(f => f.Values.Count);

    /// <summary>The field named exactly <paramref name="name"/>; fails naming the fields the frame has.</summary>
    public DecodedField Field(string name) =>
        Fields.SingleOrDefault(f => f.Name == name)
        ?? throw new KeyNotFoundException($"Frame '{Name}' has no field '{name}'; its fields are {string.Join(", ", Fields.Select(f => $"'{f.Name}'"))}.");

    /// <summary>The first field whose name matches <paramref name="name"/> ignoring case, or null.</summary>
    public DecodedField? FindField(string name) =>
        Fields.FirstOrDefault(f => string.Equals(f.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>meta.executedQueryString, the query Grafana's inspector shows.</summary>
    public string? ExecutedQueryString =>
        Meta is { } meta && meta.TryGetProperty("executedQueryString", out var query) && query.ValueKind == JsonValueKind.String ? query.GetString() : null;

    /// <summary>The text of each notice in meta.notices.</summary>
    public IEnumerable<string> Notices =>
        Meta is { } meta && meta.TryGetProperty("notices", out var notices) && notices.ValueKind == JsonValueKind.Array
            ? notices.EnumerateArray()
                .Select(n => n.ValueKind == JsonValueKind.Object && n.TryGetProperty("text", out var text) && text.ValueKind == JsonValueKind.String ? text.GetString() : null)
                .OfType<string>()
                .ToList()
            : [];
}

/// <summary>One field: its Grafana name, Arrow type, nullability, labels and values as the CLR types the Arrow reader gives
/// (string, the integer and floating types of their width, bool, DateTimeOffset for timestamps, text for JSON), or null.</summary>
public sealed record DecodedField(
    string Name,
    Apache.Arrow.Types.IArrowType Type,
    bool Nullable,
    IReadOnlyDictionary<string, string> Labels,
    IReadOnlyList<object?> Values);
