namespace NetObs.History.Storage.ClickHouse;

/// <summary>Writes flows as TabSeparated rows of <see cref="FlowColumns.All"/>, in that order, for one INSERT.</summary>
public sealed class ClickHouseRowWriter
{
    private readonly TabSeparatedWriter _writer = new();

    /// <summary>The column list of the INSERT statement, matching the row layout.</summary>
    public static string ColumnList { get; } = "(" + string.Join(", ", FlowColumns.All.Select(c => c.Name)) + ")";

    /// <summary>The rows of <paramref name="flows"/>.</summary>
    public ReadOnlyMemory<byte> Write(IReadOnlyList<StoredFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        _writer.Clear();
        foreach (var stored in flows)
        {
            var flow = stored.ParsedForOneUse();
            foreach (var column in FlowColumns.All)
            {
                WriteValue(column, flow);
            }

            _writer.EndRow();
        }

        return _writer.Written;
    }

    private void WriteValue(FlowColumn column, StoredFlow flow)
    {
        switch (column)
        {
            case FlowColumn<long> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<ulong> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<int> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<uint> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<short> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<ushort> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<sbyte> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<byte> c: _writer.Integer(c.Read(flow)); break;
            case FlowColumn<string> c: _writer.String(c.Read(flow)); break;
            case FlowColumn<IReadOnlyList<string>> c: _writer.StringArray(c.Read(flow)); break;
            case FlowColumn<ReadOnlyMemory<byte>> c: _writer.Bytes(c.Read(flow).Span); break;
            case FlowColumn<DateOnly> c: _writer.Date(c.Read(flow)); break;
            default: throw new InvalidOperationException($"Column {column.Name} has a value type the ClickHouse writer does not know.");
        }
    }
}
