using DuckDB.NET.Data;

namespace NetObs.History.Storage.DuckDb;

/// <summary>Appends one <see cref="StoredFlow"/> as a row of <see cref="FlowColumns.All"/>, with one typed writer per column built once.</summary>
internal static class DuckDbRowWriter
{
    private static readonly Action<IDuckDBAppenderRow, StoredFlow>[] Writers = [.. FlowColumns.All.Select(WriterFor)];

    public static void Append(DuckDBAppender appender, StoredFlow flow)
    {
        var row = appender.CreateRow();
        foreach (var write in Writers)
        {
            write(row, flow);
        }

        row.EndRow();
    }

    // The appender takes arrays; most originals already are one whole array, so copying is the exception.
    private static byte[] WholeArray(ReadOnlyMemory<byte> bytes) =>
        System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : bytes.ToArray();

    private static Action<IDuckDBAppenderRow, StoredFlow> WriterFor(FlowColumn column) => column switch
    {
        FlowColumn<sbyte> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<byte> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<short> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<ushort> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<int> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<uint> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<long> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<ulong> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<string> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<DateOnly> c => (row, f) => row.AppendValue(c.Read(f)),
        FlowColumn<IReadOnlyList<string>> c => (row, f) => row.AppendValue<string>(c.Read(f)),
        FlowColumn<ReadOnlyMemory<byte>> c => (row, f) => row.AppendValue(WholeArray(c.Read(f))),
        _ => throw new InvalidOperationException($"No DuckDB writer for column {column.Name} ({column.Type})."),
    };
}
