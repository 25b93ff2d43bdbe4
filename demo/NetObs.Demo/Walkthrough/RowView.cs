using NetObs.Demo.Frames;
using NetObs.Testing.Frames;

namespace NetObs.Demo.Walkthrough;

/// <summary>
/// Which rows of a query's frames a step shows, as a Grafana panel's "filter by value" and "sort by" transformations would:
/// only <see cref="Frame"/> (null: all), only rows <see cref="Keep"/> accepts, worst first by <see cref="Rank"/>.
/// </summary>
internal sealed record RowView(string? Frame = null, Func<DecodedFrame, int, bool>? Keep = null, Func<DecodedFrame, int, double>? Rank = null)
{
    /// <summary>Rows whose <paramref name="column"/> does not read <paramref name="value"/>.</summary>
    public static Func<DecodedFrame, int, bool> Without(string column, string value) =>
        (frame, row) => frame.FindField(column) is not { } field || !string.Equals(field.Text(row), value, StringComparison.Ordinal);

    /// <summary>The product of numeric columns (e.g. flows × drop ratio = dropped flows); NaN counts as 0.</summary>
    public static Func<DecodedFrame, int, double> Product(params string[] columns) =>
        (frame, row) => columns.Aggregate(1.0, (product, column) => frame.FindField(column)?.Number(row) is { } value && !double.IsNaN(value) ? product * value : 0);

    public bool Shows(DecodedFrame frame) => Frame is null || string.Equals(frame.Name, Frame, StringComparison.Ordinal);

    /// <summary>The row numbers to show, in order.</summary>
    public IReadOnlyList<int> Rows(DecodedFrame frame)
    {
        var rows = Enumerable.Range(0, frame.RowCount).Where(r => Keep is null || Keep(frame, r));
        return (Rank is null ? rows : rows.OrderByDescending(r => Rank(frame, r))).ToList();
    }
}
