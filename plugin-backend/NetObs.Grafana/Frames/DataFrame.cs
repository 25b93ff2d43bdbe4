namespace NetObs.Grafana.Frames;

/// <summary>A Grafana data frame: named, tagged with the query's refId, with optional meta and equal-length fields.</summary>
public sealed class DataFrame
{
    public DataFrame(string name, params IEnumerable<Field> fields)
    {
        Name = name;
        Fields = [.. fields];
    }

    public string Name { get; set; }

    /// <summary>The refId of the query that produced the frame; the host fills it from the response key when empty.</summary>
    public string RefId { get; set; } = "";

    public FrameMeta? Meta { get; set; }

    public List<Field> Fields { get; }

    /// <summary>The number of rows: the length of the first field, or 0 without fields.</summary>
    public int RowCount => Fields.Count == 0 ? 0 : Fields[0].Length;

    /// <summary>Throws when fields differ in length, naming the first field that does.</summary>
    public void EnsureRectangular()
    {
        foreach (var field in Fields)
        {
            if (field.Length != RowCount)
            {
                throw new InvalidOperationException(
                    $"Frame '{Name}': field '{field.Name}' has {field.Length} rows but field '{Fields[0].Name}' has {RowCount}; every field of a frame must have the same number of rows.");
            }
        }
    }
}
