using System.Diagnostics;
using Cilium.Flow;
using NetObs.History.Following;
using NetObs.Hubble.Evaluation;

namespace NetObs.Benchmarks.History;

/// <summary>
/// The flow history benchmarks, printed as one block with the ratios of this run: import of an exporter file, ingest into
/// DuckDB and into ClickHouse (one server, then two shards; started through NetObs.Testing as the ClickHouse tests start
/// them, skipped when clickhouse-server is not installed), bytes on disk per flow, aggregations over many stored flows
/// in DuckDB against the in-memory aggregators, and the newest 1,000 flows of a selective filter. The queries are
/// measured on DuckDB only.
/// </summary>
internal static class HistoryBenchmark
{
    /// <summary>How long the in-memory side may stream stored flows before the rest is extrapolated.</summary>
    private static readonly TimeSpan StreamCap = TimeSpan.FromMinutes(12);

    public static async Task RunAsync(HistoryBenchOptions options, bool importOnly = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "netobs-history-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"Flow history benchmark: {Environment.ProcessorCount} CPU(s), load average {LoadAverage()} at start");
            if (!options.IngestOnly && !options.SizeOnly)
            {
                var import = await ImportBenchmark.RunAsync(options.ImportFlows, directory);
                Console.WriteLine($"  import of an exporter file ({import.Lines:N0} lines, {import.FileBytes / (double)import.Lines:N0} bytes per line) into DuckDB: {import.FlowsPerSecond,10:N0} flows/s wall, {import.FlowsPerCpuSecond:N0} flows per CPU second, {import.Flows:N0} flows stored");
                Console.WriteLine($"    line parse on one thread: {import.ClassifierLinesPerCpuSecond:N0} lines per CPU second (importer) against {import.JsonParserLinesPerCpuSecond:N0} with Google.Protobuf's JsonParser = {import.ClassifierLinesPerCpuSecond / import.JsonParserLinesPerCpuSecond:N1}x; the store's AppendAsync alone {import.StoreFlowsPerCpuSecond:N0} flows per CPU second");
                Console.WriteLine($"    the importer into a store that discards: {import.WithoutStoreFlowsPerSecond:N0} flows/s wall, {import.WithoutStoreFlowsPerCpuSecond:N0} flows per CPU second");
                if (importOnly)
                {
                    return;
                }
            }

            if (!options.IngestOnly)
            {
                StorageSizeBenchmark.Print(await StorageSizeBenchmark.MeasureAsync(directory, options.SizeFlows));
            }

            if (options.SizeOnly)
            {
                return;
            }

            // Distinct flows are kept small (and replayed) so that the working set measures the store, not the input.
            var distinct = SimulatorFlowSet.Generate(50_000);
            OriginalCodecBenchmark.Print(OriginalCodecBenchmark.Measure(distinct));
            var relay = await new SimulatorThroughputBenchmark().MeasureGetFlowsRateAsync(rounds: 1);
            Console.WriteLine($"  relay serving rate (simulator GetFlows over loopback, best of 1): {relay,10:N0} flows/s");
            var decode = IngestBenchmark.MeasureDecode(distinct, 100_000);
            Console.WriteLine($"  decode per response, one thread: parse + re-serialise the flow {decode.ParseAndReserialize:N0} flows per CPU second; read as the follower does (flow checked on the wire, not parsed) {decode.KeepWireBytes:N0} ({decode.KeepWireBytes / decode.ParseAndReserialize:N2}x)");
            string? ingestPath = null;
            IngestBenchmark.Result? overlapped = null;
            // One chunk per batch was the queue's take before batches grew with the backlog, and one batch at a time was
            // the writer's way before batches overlapped their commits; all three are measured in this run.
            foreach (var (maxBatch, overlap) in new[] { (8192, false), (IngestQueue.DefaultMaxBatch, false), (IngestQueue.DefaultMaxBatch, true) })
            {
                var (ingest, path, store) = await IngestBenchmark.RunDuckDbAsync(distinct, options.IngestFlows, directory, maxBatch, overlap);
                ingestPath = path;
                overlapped = ingest;
                var how = overlap ? "each staged while the previous one commits" : "one at a time";
                Console.WriteLine($"  ingest into DuckDB (reader -> IngestQueue -> StoreWriter, batches up to {maxBatch:N0}, {how}): {ingest.FlowsPerSecond,10:N0} flows/s wall = {ingest.FlowsPerSecond / relay:P0} of the relay's rate, {ingest.FlowsPerCpuSecond:N0} flows per CPU second, over {ingest.Flows:N0} flows; peak working set {ingest.PeakWorkingSetBytes / 1048576.0:N0} MB");

                // Overlapped commits run beside the next batch's rows, so the store's shares may add up to more than 100 %.
                Console.WriteLine($"    wall time: reader busy {ingest.Decoding / ingest.Elapsed:P0}; store: waiting on Brotli blocks {store.Compress / ingest.Elapsed:P0} (compressed beside the rows), flow rows {store.Rows / ingest.Elapsed:P0}, commit {store.Commit / ingest.Elapsed:P0}");
                var gc = ingest.Gc;
                Console.WriteLine($"    GC: {(double)gc.AllocatedBytes / ingest.Flows:N0} bytes allocated per flow; collections gen0 {gc.Gen0:N0}, gen1 {gc.Gen1:N0}, gen2 {gc.Gen2:N0}; paused {gc.Pause.TotalMilliseconds:N0} ms = {gc.Pause / ingest.Elapsed:P1} of wall time");
            }

            if (options.ClickHouse)
            {
                ClickHouseRowWriterBenchmark.Print(ClickHouseRowWriterBenchmark.Measure(distinct));
                await ClickHouseIngest(distinct, options.IngestFlows, relay);
            }

            var floor = await DuckDbStoreFloorBenchmark.MeasureAsync(ingestPath!, directory);
            Console.WriteLine($"  DuckDB alone (the last run's {floor.Rows:N0} rows inserted from an in-memory table into the same schema, one thread, one row group a transaction, then a checkpoint): {floor.MicrosecondsPerFlow:N1} µs of CPU per flow = {1e6 / floor.MicrosecondsPerFlow:N0} flows per CPU second; the whole ingest took {1e6 / overlapped!.FlowsPerCpuSecond:N1}");
            var asLists = await DuckDbStoreFloorBenchmark.MeasureAsync(ingestPath!, directory, DuckDbStoreFloorBenchmark.Shape.LabelsAsLists);
            var ids = await DuckDbStoreFloorBenchmark.MeasureAsync(ingestPath!, directory, DuckDbStoreFloorBenchmark.Shape.StringsAsIds);
            Console.WriteLine($"    the same rows with their labels as list items, as schema version 5 stored them: {asLists.MicrosecondsPerFlow:N1} µs ({asLists.MicrosecondsPerFlow / floor.MicrosecondsPerFlow:N2}x more); every string an id below 2^20 instead: {ids.MicrosecondsPerFlow:N1} µs ({floor.MicrosecondsPerFlow / ids.MicrosecondsPerFlow:N2}x less); 200,000 flows/s on {Environment.ProcessorCount} cores leaves {Environment.ProcessorCount * 1e6 / 200_000:N1} µs of CPU per flow for everything");

            if (options.IngestOnly)
            {
                return;
            }

            File.Delete(ingestPath!);
            var flows = SimulatorFlowSet.Generate(200_000);

            var bulk = await DuckDbBulkStore.CreateAsync(flows, options.StoredFlows, options.StorePath ?? Path.Combine(directory, "bulk.duckdb"));
            Console.WriteLine(bulk.Reused
                ? $"  stored for queries: {bulk.Flows:N0} flows over {TimeSpan.FromTicks((bulk.NewestNs - bulk.OldestNs) / 100).TotalHours:N1} h, reused from {bulk.Path}"
                : $"  stored for queries: {bulk.Flows:N0} flows over {TimeSpan.FromTicks((bulk.NewestNs - bulk.OldestNs) / 100).TotalHours:N1} h, generated in {bulk.Elapsed.TotalSeconds:N0} s (first {flows.Flows.Count:N0} appended through the store, then copied in SQL shifted in time)");

            foreach (var timing in await StoredQueryBenchmark.RunAsync(bulk, StreamCap))
            {
                var streamed = timing.Extrapolated
                    ? $"streamed {timing.StreamedFlows:N0} flows (stopped at the {StreamCap.TotalMinutes:N0}-minute cap) and EXTRAPOLATED to {timing.Streaming.TotalSeconds:N0} s for {timing.StoredFlows:N0}"
                    : $"streamed all {timing.StoredFlows:N0} flows in {timing.Streaming.TotalSeconds:N0} s";
                Console.WriteLine($"  {timing.Name,-72} DuckDB {timing.First.TotalSeconds,6:N2} s (again {timing.Second.TotalSeconds:N2} s); in-memory aggregator {streamed}; ratio {timing.Ratio,6:N0}x");
            }

            var (filter, share) = SelectiveFilter(flows);
            var (newest, returned) = await StoredQueryBenchmark.NewestAsync(bulk.Path, filter, 1000);
            Console.WriteLine($"  newest 1,000 flows of '{filter}' ({share:P2} of flows): {newest.TotalMilliseconds:N0} ms for {returned:N0} flows over {bulk.Flows:N0}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
            if (options.StorePath is not null)
            {
                Console.WriteLine($"  stored flows kept in {options.StorePath} for the next run with --history-store");
            }
        }
    }

    private static async Task ClickHouseIngest(SimulatorFlowSet flows, long total, double relay)
    {
        if (ClickHouseIngestBenchmark.Missing() is { } missing)
        {
            Console.WriteLine($"  {missing}");
            return;
        }

        foreach (var run in new Func<SimulatorFlowSet, long, Task<ClickHouseIngestBenchmark.Result>>[] { ClickHouseIngestBenchmark.RunLoneAsync, ClickHouseIngestBenchmark.RunShardedAsync })
        {
            var result = await run(flows, total);
            var ingest = result.Ingest;

            // The servers run on the same cores as the benchmark, so flows/s wall already pays for their CPU.
            Console.WriteLine($"  ingest into ClickHouse, {result.Name} (the same reader -> IngestQueue -> StoreWriter, batches up to {IngestQueue.DefaultMaxBatch:N0}): {ingest.FlowsPerSecond,10:N0} flows/s wall = {ingest.FlowsPerSecond / relay:P0} of the relay's rate, over {ingest.Flows:N0} flows, all counted back; peak working set {ingest.PeakWorkingSetBytes / 1048576.0:N0} MB");
            Console.WriteLine($"    flows per CPU second: {ingest.FlowsPerCpuSecond:N0} of this process ({ingest.Cpu.TotalSeconds:N1} s), {result.FlowsPerServerCpuSecond:N0} of clickhouse-server ({result.ServerCpu.TotalSeconds:N1} s), {result.FlowsPerTotalCpuSecond:N0} of both; {result.BytesPerFlow:N1} bytes on disk per flow after OPTIMIZE FINAL; reader busy {ingest.Decoding / ingest.Elapsed:P0} of wall time");
        }
    }

    /// <summary>Drops from one source namespace: a filter that matches a small share of the flows.</summary>
    private static (FlowFilter Filter, double Share) SelectiveFilter(SimulatorFlowSet flows)
    {
        var drop = flows.Flows.First(f => f.Verdict == Verdict.Dropped && f.Source?.Namespace is { Length: > 0 });
        var filter = new FlowFilter { Verdict = { Verdict.Dropped }, SourcePod = { drop.Source.Namespace + "/" } };
        var evaluator = FlowFilterEvaluator.Compile([filter], []);
        return (filter, flows.Flows.Count(evaluator.Matches) / (double)flows.Flows.Count);
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "unknown";
}
