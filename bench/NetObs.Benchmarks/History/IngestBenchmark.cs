using System.Buffers;
using System.Diagnostics;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Following;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Flows per second from relay responses into a store through the server's own path: one task reads each
/// GetFlowsResponse as the follower does (<see cref="RelayResponseReader"/>, keeping the flow's bytes as the original)
/// and queues it in the bounded <see cref="IngestQueue"/>; the <see cref="StoreWriter"/> drains the queue into the store
/// on another, so decoding and storing overlap as they do in the server. The same code feeds a DuckDB file and
/// ClickHouse (<see cref="ClickHouseIngestBenchmark"/>), so their rates compare. The decode of the earlier path (parse,
/// then serialise the flow again for its original) is measured beside it on the same responses.
/// </summary>
internal static class IngestBenchmark
{
    /// <param name="Cpu">CPU time of this process only; a store in other processes (ClickHouse) measures its own.</param>
    public sealed record Result(long Flows, TimeSpan Elapsed, TimeSpan Cpu, long PeakWorkingSetBytes, TimeSpan Decoding, GcFigures Gc)
    {
        public double FlowsPerSecond => Flows / Elapsed.TotalSeconds;

        /// <summary>Flows per second of process CPU time: what the rate would be on an otherwise idle single core.</summary>
        public double FlowsPerCpuSecond => Flows / Cpu.TotalSeconds;
    }

    /// <summary>What the garbage collector did during one run, the process's totals taken before and after it.</summary>
    /// <remarks>The allocated bytes include the store's and the writer's, so per flow they are the whole path's, not the reader's alone.</remarks>
    public sealed record GcFigures(long AllocatedBytes, int Gen0, int Gen1, int Gen2, TimeSpan Pause)
    {
        public static GcFigures Now() =>
            new(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), GC.GetTotalPauseDuration());

        public GcFigures Since(GcFigures before) =>
            new(AllocatedBytes - before.AllocatedBytes, Gen0 - before.Gen0, Gen1 - before.Gen1, Gen2 - before.Gen2, Pause - before.Pause);
    }

    /// <summary>Flows per CPU second of the two ways to read a response and have the flow's original bytes, single-threaded.</summary>
    public sealed record DecodeRates(double ParseAndReserialize, double KeepWireBytes);

    public static DecodeRates MeasureDecode(SimulatorFlowSet flows, int count)
    {
        // Warm both paths so the JIT is not measured.
        Reserialize(flows, Math.Min(count, 5_000));
        KeepBytes(flows, Math.Min(count, 5_000));
        var before = CpuRate(() => Reserialize(flows, count), count);
        var after = CpuRate(() => KeepBytes(flows, count), count);
        return new DecodeRates(before, after);
    }

    /// <summary>The rate into a DuckDB file of <paramref name="directory"/>; the file is left there for the caller.</summary>
    /// <param name="maxBatch">The queue's batch bound (<see cref="IngestQueue.DefaultMaxBatch"/> in the server).</param>
    /// <param name="overlapBatches">Whether the writer stages a batch while the previous one commits, as the server does.</param>
    public static async Task<(Result Ingest, string Path, DuckDbWriteProfile Store)> RunDuckDbAsync(SimulatorFlowSet flows, long total, string directory, int maxBatch, bool overlapBatches)
    {
        var path = Path.Combine(directory, $"ingest-{maxBatch}-{(overlapBatches ? "overlapped" : "one-at-a-time")}.duckdb");
        var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None);
        Result result;
        try
        {
            result = await RunAsync(store, flows, total, maxBatch, overlapBatches);
        }
        finally
        {
            await store.DisposeAsync();
        }

        return (result, path, store.WriteProfile);
    }

    /// <summary>Appends <paramref name="total"/> flows to <paramref name="store"/>, which the caller opened and disposes.</summary>
    /// <param name="maxBatch">The queue's batch bound (<see cref="IngestQueue.DefaultMaxBatch"/> in the server).</param>
    /// <param name="overlapBatches">Whether the writer stages a batch while the previous one commits, where the store can (only DuckDB).</param>
    public static async Task<Result> RunAsync(IFlowStore store, SimulatorFlowSet flows, long total, int maxBatch, bool overlapBatches)
    {
        // The server's default --buffer-flows is 1,000,000; two batches keep the working set about the store, and the
        // reader waits for the writer instead of dropping (a relay's stream is throttled by HTTP/2 flow control likewise).
        var capacity = 2 * maxBatch;
        var queue = new IngestQueue(capacity, maxBatch);
        // The writer's log goes to stderr: a store that refuses writes is retried with backoff, and would otherwise look like a slow one.
        var writer = new StoreWriter(store, queue, new LiveFeed(), TimeProvider.System, Console.Error, overlapBatches);
        using var written = new SemaphoreSlim(0);
        writer.Written += _ => written.Release();
        var peak = 0L;
        using var process = Process.GetCurrentProcess();
        var gcBefore = GcFigures.Now();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var writing = Task.Run(() => writer.RunAsync(CancellationToken.None));
        var decoding = await Task.Run(async () =>
        {
            var busy = new Stopwatch();
            var offsetNs = 0L;
            var span = flows.LastNs - flows.FirstNs + 1;
            for (long i = 0; i < total; i++)
            {
                var index = (int)(i % flows.Responses.Count);
                if (index == 0 && i > 0)
                {
                    // Later rounds are the same flows shifted in time, so the file grows in time order as a follower's does.
                    offsetNs += span;
                    process.Refresh();
                    peak = Math.Max(peak, process.WorkingSet64);
                }

                busy.Start();
                // The marshaller reads each message where gRPC received it (PayloadAsReadOnlySequence) and copies it into
                // a slab; this reads it the same way from the response's bytes.
                var received = RelayResponseReader.Read(new ReadOnlySequence<byte>(flows.Responses[index]));
                var flow = received.Flow!;

                // As the follower queues it: the bytes, parsed only if a live follower asks (none here).
                queue.Add(flow.Parsed is { } parsed
                    ? new StoredFlow("default", flow.Node, flow.TimeNs + offsetNs, parsed, received.FlowBytes)
                    : new StoredFlow("default", flow.Node, flow.TimeNs + offsetNs, received.FlowBytes));
                busy.Stop();
                while (queue.Queued >= capacity - 8192)
                {
                    await written.WaitAsync();
                }
            }

            queue.Complete();
            return busy.Elapsed;
        });
        await writing;
        var elapsed = watch.Elapsed;
        process.Refresh();
        peak = Math.Max(peak, process.WorkingSet64);
        var cpu = process.TotalProcessorTime - cpuBefore;
        var gc = GcFigures.Now().Since(gcBefore);
        if (queue.Dropped > 0 || writer.Stored != total)
        {
            throw new InvalidOperationException($"The ingest benchmark stored {writer.Stored:N0} of {total:N0} flows ({queue.Dropped:N0} dropped); it must store all.");
        }

        return new Result(total, elapsed, cpu, peak, decoding, gc);
    }

    private static void Reserialize(SimulatorFlowSet flows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            var response = GetFlowsResponse.Parser.ParseFrom(flows.Responses[i % flows.Responses.Count]);
            GC.KeepAlive(response.Flow.ToByteArray());
        }
    }

    private static void KeepBytes(SimulatorFlowSet flows, int count)
    {
        for (var i = 0; i < count; i++)
        {
            GC.KeepAlive(RelayResponseReader.Read(new ReadOnlySequence<byte>(flows.Responses[i % flows.Responses.Count])));
        }
    }

    private static double CpuRate(Action work, int count)
    {
        using var process = Process.GetCurrentProcess();
        var before = process.TotalProcessorTime;
        work();
        process.Refresh();
        return count / (process.TotalProcessorTime - before).TotalSeconds;
    }
}
