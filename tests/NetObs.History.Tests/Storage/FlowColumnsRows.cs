using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// The reference for <see cref="ClickHouseRowWriter"/>: TabSeparated rows written value by value from
/// <see cref="FlowColumns.All"/> reading the parsed flow, as the writer wrote them before it read the flow's bytes.
/// </summary>
public static class FlowColumnsRows
{
    /// <summary>The rows of <paramref name="flows"/>, each parsed from its bytes.</summary>
    public static byte[] Write(IEnumerable<StoredFlow> flows)
    {
        var writer = new TabSeparatedWriter();
        foreach (var stored in flows)
        {
            var flow = stored.ParsedForOneUse();
            foreach (var column in FlowColumns.All)
            {
                Write(writer, column, flow);
            }

            writer.EndRow();
        }

        return writer.Written.ToArray();
    }

    private static void Write(TabSeparatedWriter writer, FlowColumn column, StoredFlow flow)
    {
        switch (column)
        {
            case FlowColumn<long> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<ulong> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<int> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<uint> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<short> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<ushort> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<sbyte> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<byte> c: writer.Integer(c.Read(flow)); break;
            case FlowColumn<string> c: writer.String(c.Read(flow)); break;
            case FlowColumn<IReadOnlyList<string>> c: writer.StringArray(c.Read(flow)); break;
            case FlowColumn<ReadOnlyMemory<byte>> c: writer.Bytes(c.Read(flow).Span); break;
            case FlowColumn<DateOnly> c: writer.Date(c.Read(flow)); break;
            default: throw new InvalidOperationException($"column {column.Name} has a value type the reference does not write");
        }
    }
}
