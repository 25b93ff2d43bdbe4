using System.Diagnostics;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.Benchmarks.History;

/// <summary>
/// The ClickHouse store's row writer alone, on one thread, against the way it wrote rows before it read the flow's bytes:
/// each flow parsed with Google.Protobuf and every <see cref="FlowColumns.All"/> value written from the message (the same
/// reference ClickHouseRowWriterTests holds the writer's bytes equal to). Both write the same flows, queued as bytes.
/// </summary>
internal static class ClickHouseRowWriterBenchmark
{
    private const int Batch = 10_000;

    /// <param name="MicrosecondsPerFlow">Wall time of one thread per flow, best of the rounds.</param>
    /// <param name="BytesAllocatedPerFlow">Bytes the thread allocated per flow in that round.</param>
    public sealed record Timing(double MicrosecondsPerFlow, double BytesAllocatedPerFlow);

    public sealed record Result(int Flows, long RowBytes, Timing FromBytes, Timing FromParsed);

    /// <summary>Writes the set's flows in batches with both writers, alternating, <paramref name="rounds"/> times; checks that both write the same bytes.</summary>
    public static Result Measure(SimulatorFlowSet set, int rounds = 3)
    {
        var batches = set.Flows
            .Select(f => new StoredFlow("default", f.NodeName, SimulatorFlowSet.TimeOf(f), Google.Protobuf.MessageExtensions.ToByteArray(f)))
            .Chunk(Batch)
            .ToList();
        var writer = new ClickHouseRowWriter();
        var reference = new FlowColumnsRowWriter();
        var rowBytes = 0L;
        foreach (var batch in batches)
        {
            var rows = writer.Write(batch);
            if (!rows.Span.SequenceEqual(reference.Write(batch).Span))
            {
                throw new InvalidOperationException("The row writer and its FlowColumns reference wrote different rows for the benchmark's flows.");
            }

            rowBytes += rows.Length;
        }

        Timing? fromBytes = null, fromParsed = null;
        for (var round = 0; round < rounds; round++)
        {
            fromBytes = Best(fromBytes, Time(batches, b => writer.Write(b)));
            fromParsed = Best(fromParsed, Time(batches, b => reference.Write(b)));
        }

        return new Result(set.Flows.Count, rowBytes, fromBytes!, fromParsed!);
    }

    public static void Print(Result result)
    {
        var (bytes, parsed) = (result.FromBytes, result.FromParsed);
        Console.WriteLine($"  ClickHouse row writer alone, one thread, {result.Flows:N0} flows in batches of {Batch:N0} ({(double)result.RowBytes / result.Flows:N0} bytes of TabSeparated per flow), best of 3:");
        Console.WriteLine($"    from the bytes (FlowWireReader): {bytes.MicrosecondsPerFlow:N2} µs and {bytes.BytesAllocatedPerFlow:N0} bytes allocated per flow; parsed with Google.Protobuf and written from FlowColumns, as before: {parsed.MicrosecondsPerFlow:N2} µs and {parsed.BytesAllocatedPerFlow:N0} bytes = {parsed.MicrosecondsPerFlow / bytes.MicrosecondsPerFlow:N1}x the time");
    }

    private static Timing Time(List<StoredFlow[]> batches, Func<StoredFlow[], ReadOnlyMemory<byte>> write)
    {
        var flows = batches.Sum(b => b.Length);
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var clock = Stopwatch.StartNew();
        foreach (var batch in batches)
        {
            write(batch);
        }

        var elapsed = clock.Elapsed;
        return new Timing(elapsed.TotalMicroseconds / flows, (GC.GetAllocatedBytesForCurrentThread() - allocated) / (double)flows);
    }

    private static Timing Best(Timing? best, Timing next) => best is null || next.MicrosecondsPerFlow < best.MicrosecondsPerFlow ? next : best;

    /// <summary>The rows as the writer wrote them before it read the bytes; a copy of the tests' FlowColumnsRows, kept beside its one use.</summary>
    private sealed class FlowColumnsRowWriter
    {
        private readonly TabSeparatedWriter _writer = new();

        public ReadOnlyMemory<byte> Write(IReadOnlyList<StoredFlow> flows)
        {
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
                default: throw new InvalidOperationException($"Column {column.Name} has a value type the reference does not write.");
            }
        }
    }
}
