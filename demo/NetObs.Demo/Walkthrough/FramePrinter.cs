using System.Globalization;
using NetObs.Demo.Frames;

namespace NetObs.Demo.Walkthrough;

/// <summary>Shows the frames of a NetObs query as an operator would read them in a panel: series summaries or table rows.</summary>
internal static class FramePrinter
{
    public static int Write(TextWriter output, IReadOnlyList<DecodedFrame> frames, IReadOnlyList<string>? columns, int maxRows)
    {
        if (frames.Count == 0 || frames.All(f => f.RowCount == 0))
        {
            output.WriteLine("    (no rows)");
            return 0;
        }

        if (frames.All(IsTimeSeries))
        {
            return WriteSeries(output, frames, maxRows);
        }

        var rows = 0;
        foreach (var frame in frames.Where(f => f.RowCount > 0))
        {
            if (frames.Count > 1 && !string.IsNullOrEmpty(frame.Name))
            {
                output.WriteLine($"    [{frame.Name}]");
            }

            var fields = PickFields(frame, columns);
            var table = Enumerable.Range(0, Math.Min(maxRows, frame.RowCount))
                .Select(r => (IReadOnlyList<string>)fields.Select(f => f.Text(r)).ToList())
                .ToList();
            TextTable.Write(output, fields.Select(f => f.Name).ToList(), table);
            if (frame.RowCount > maxRows)
            {
                output.WriteLine($"    ... {frame.RowCount - maxRows} more rows");
            }

            rows += frame.RowCount;
        }

        foreach (var notice in frames.SelectMany(f => f.Notices).Distinct())
        {
            output.WriteLine($"    note: {notice}");
        }

        return rows;
    }

    private static bool IsTimeSeries(DecodedFrame frame) =>
        frame.Fields.Count == 2 && frame.Fields[0].ArrowType == "timestamp" && frame.Fields[1].Values.All(v => v is null || !double.IsNaN(DecodedValues.ToDouble(v)));

    private static int WriteSeries(TextWriter output, IReadOnlyList<DecodedFrame> frames, int maxRows)
    {
        var series = frames
            .Select(f =>
            {
                var values = f.Fields[1].Values.Select(DecodedValues.ToDouble).Where(v => !double.IsNaN(v)).ToList();
                var labels = f.Fields[1].Labels.Count > 0
                    ? string.Join(", ", f.Fields[1].Labels.Select(l => $"{l.Key}={l.Value}"))
                    : f.Fields[1].Name;
                return (Labels: labels, Last: values.Count > 0 ? values[^1] : double.NaN, Max: values.Count > 0 ? values.Max() : double.NaN, Points: values.Count);
            })
            .OrderByDescending(s => double.IsNaN(s.Max) ? double.MinValue : s.Max)
            .ToList();
        var rows = series.Take(maxRows)
            .Select(s => (IReadOnlyList<string>)[s.Labels, Number(s.Last), Number(s.Max), s.Points.ToString(CultureInfo.InvariantCulture)])
            .ToList();
        TextTable.Write(output, ["series", "last", "max", "points"], rows, maxWidth: 60);
        if (series.Count > maxRows)
        {
            output.WriteLine($"    ... {series.Count - maxRows} more series");
        }

        return series.Count;
    }

    private static List<DecodedField> PickFields(DecodedFrame frame, IReadOnlyList<string>? columns)
    {
        if (columns is not null)
        {
            var chosen = columns.Select(c => frame.Fields.FirstOrDefault(f => f.Name.Contains(c, StringComparison.OrdinalIgnoreCase)))
                .OfType<DecodedField>().Distinct().ToList();
            if (chosen.Count > 0)
            {
                return chosen;
            }
        }

        return frame.Fields.Where(f => f.ArrowType != "timestamp" || frame.Fields.Count <= 3).Take(6).ToList();
    }

    private static string Number(double value) => DecodedValues.Format(value);
}
