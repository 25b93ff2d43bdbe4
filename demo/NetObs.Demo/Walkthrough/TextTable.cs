namespace NetObs.Demo.Walkthrough;

/// <summary>Prints rows as aligned columns, the way a terminal user reads `hubble observe` and `kubectl` output.</summary>
internal static class TextTable
{
    /// <summary>Prints the table and returns it, so a step's result holds what the user saw.</summary>
    public static ShownTable Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, string indent = "    ", int maxWidth = 48)
    {
        var widths = header.Select((h, c) => Math.Min(maxWidth, Math.Max(h.Length, rows.Select(r => c < r.Count ? r[c].Length : 0).DefaultIfEmpty(0).Max()))).ToArray();
        output.WriteLine(indent + string.Join("  ", header.Select((h, c) => Cell(h, widths[c]))).TrimEnd());
        foreach (var row in rows)
        {
            output.WriteLine(indent + string.Join("  ", row.Select((v, c) => Cell(v, c < widths.Length ? widths[c] : v.Length))).TrimEnd());
        }

        return new ShownTable(header, rows);
    }

    private static string Cell(string value, int width) =>
        value.Length > width ? value[..(width - 1)] + "…" : value.PadRight(width);
}

/// <summary>A table as a step printed it (cells before truncation to the column width).</summary>
internal sealed record ShownTable(IReadOnlyList<string> Header, IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>The cells of <paramref name="column"/>, top to bottom.</summary>
    public IReadOnlyList<string> Column(string column)
    {
        var index = Header.ToList().IndexOf(column);
        return index < 0 ? throw new KeyNotFoundException($"no column '{column}' in {string.Join(", ", Header)}") : Rows.Select(r => r[index]).ToList();
    }
}
