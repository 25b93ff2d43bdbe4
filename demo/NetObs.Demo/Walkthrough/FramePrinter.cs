using System.Globalization;
using Apache.Arrow.Types;
using NetObs.Demo.Frames;
using NetObs.Testing.Frames;

namespace NetObs.Demo.Walkthrough;

/// <summary>Shows the frames of a NetObs query as an operator would read them in a panel: series summaries or table rows.</summary>
internal static class FramePrinter
{
    public static int Write(TextWriter output, IReadOnlyList<DecodedFrame> frames, IReadOnlyList<string>? columns, int maxRows, RowView? view = null, List<ShownTable>? shown = null)
    {
        var rows = WriteRows(output, frames, columns, maxRows, view ?? new RowView(), shown ?? []);

        // Every frame of a query carries the query's notices (a time series query has one frame per series), so a
        // step prints each notice once.
        foreach (var notice in frames.SelectMany(f => f.Notices).Distinct(StringComparer.Ordinal))
        {
            output.WriteLine($"    note: {notice}");
        }

        return rows;
    }

    private static int WriteRows(TextWriter output, IReadOnlyList<DecodedFrame> frames, IReadOnlyList<string>? columns, int maxRows, RowView view, List<ShownTable> tables)
    {
        var shown = frames.Where(view.Shows).Select(f => (Frame: f, Rows: view.Rows(f))).Where(f => f.Rows.Count > 0).ToList();
        if (shown.Count == 0)
        {
            output.WriteLine("    (no rows)");
            return 0;
        }

        if (view.Keep is null && view.Rank is null && shown.All(f => IsTimeSeries(f.Frame)))
        {
            return WriteSeries(output, shown.Select(f => f.Frame).ToList(), maxRows, tables);
        }

        var rows = 0;
        foreach (var (frame, frameRows) in shown)
        {
            if (shown.Count > 1 && !string.IsNullOrEmpty(frame.Name))
            {
                output.WriteLine($"    [{frame.Name}]");
            }

            var fields = PickFields(frame, columns);
            var table = frameRows.Take(maxRows)
                .Select(r => (IReadOnlyList<string>)fields.Select(f => f.Text(r)).ToList())
                .ToList();
            tables.Add(TextTable.Write(output, fields.Select(f => f.Name).ToList(), table));
            if (frameRows.Count > maxRows)
            {
                output.WriteLine($"    ... {frameRows.Count - maxRows} more rows");
            }

            rows += frameRows.Count;
        }

        return rows;
    }

    private static bool IsTimeSeries(DecodedFrame frame) =>
        frame.Fields.Count == 2 && frame.Fields[0].Type is TimestampType && frame.Fields[1].Values.All(v => v is null || !double.IsNaN(DecodedValues.ToDouble(v)));

    private static int WriteSeries(TextWriter output, IReadOnlyList<DecodedFrame> frames, int maxRows, List<ShownTable> tables)
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
        tables.Add(TextTable.Write(output, ["series", "last", "max", "points"], rows, maxWidth: 60));
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

        return frame.Fields.Where(f => f.Type is not TimestampType || frame.Fields.Count <= 3).Take(6).ToList();
    }

    private static string Number(double value) => DecodedValues.Format(value);
}
