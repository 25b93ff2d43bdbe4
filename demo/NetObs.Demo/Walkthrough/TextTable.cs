namespace NetObs.Demo.Walkthrough;

/// <summary>Prints rows as aligned columns, the way a terminal user reads `hubble observe` and `kubectl` output.</summary>
internal static class TextTable
{
    public static void Write(TextWriter output, IReadOnlyList<string> header, IReadOnlyList<IReadOnlyList<string>> rows, string indent = "    ", int maxWidth = 48)
    {
        var widths = header.Select((h, c) => Math.Min(maxWidth, Math.Max(h.Length, rows.Select(r => c < r.Count ? r[c].Length : 0).DefaultIfEmpty(0).Max()))).ToArray();
        output.WriteLine(indent + string.Join("  ", header.Select((h, c) => Cell(h, widths[c]))).TrimEnd());
        foreach (var row in rows)
        {
            output.WriteLine(indent + string.Join("  ", row.Select((v, c) => Cell(v, c < widths.Length ? widths[c] : v.Length))).TrimEnd());
        }
    }

    private static string Cell(string value, int width) =>
        value.Length > width ? value[..(width - 1)] + "…" : value.PadRight(width);
}
