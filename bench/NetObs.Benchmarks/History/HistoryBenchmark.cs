using System.Diagnostics;
using Cilium.Flow;
using NetObs.Hubble.Evaluation;

namespace NetObs.Benchmarks.History;

/// <summary>
/// The flow history benchmarks, printed as one block with the ratios of this run: ingest into DuckDB, bytes on disk
/// per flow, aggregations over many stored flows in DuckDB against the in-memory aggregators, and the newest 1,000
/// flows of a selective filter. ClickHouse is not measured here: its tests start servers from the test project,
/// which the benchmark does not reference.
/// </summary>
internal static class HistoryBenchmark
{
    public static async Task RunAsync(HistoryBenchOptions options, bool importOnly = false)
    {
        var directory = Path.Combine(Path.GetTempPath(), "netobs-history-bench-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        try
        {
            Console.WriteLine($"Flow history benchmark: {Environment.ProcessorCount} CPU(s), load average {LoadAverage()} at start");
            var import = await ImportBenchmark.RunAsync(options.ImportFlows, directory);
            Console.WriteLine($"  import of an exporter file ({import.Lines:N0} lines, {import.FileBytes / (double)import.Lines:N0} bytes per line) into DuckDB: {import.FlowsPerSecond,10:N0} flows/s wall, {import.FlowsPerCpuSecond:N0} flows per CPU second, {import.Flows:N0} flows stored");
            Console.WriteLine($"    line parse on one thread: {import.ClassifierLinesPerCpuSecond:N0} lines per CPU second (importer) against {import.JsonParserLinesPerCpuSecond:N0} with Google.Protobuf's JsonParser = {import.ClassifierLinesPerCpuSecond / import.JsonParserLinesPerCpuSecond:N1}x; the store's AppendAsync alone {import.StoreFlowsPerCpuSecond:N0} flows per CPU second");
            Console.WriteLine($"    the importer into a store that discards: {import.WithoutStoreFlowsPerSecond:N0} flows/s wall, {import.WithoutStoreFlowsPerCpuSecond:N0} flows per CPU second");
            if (importOnly)
            {
                return;
            }

            // Distinct flows are kept small (and replayed) so that the working set measures the store, not the input.
            var ingest = await DuckDbIngestBenchmark.RunAsync(SimulatorFlowSet.Generate(50_000), options.IngestFlows, directory);
            Console.WriteLine($"  ingest into DuckDB (parse GetFlowsResponse, batches of 50,000): {ingest.FlowsPerSecond,10:N0} flows/s wall, {ingest.FlowsPerCpuSecond:N0} flows per CPU second, over {ingest.Flows:N0} flows; peak working set {ingest.PeakWorkingSetBytes / 1048576.0:N0} MB");
            Console.WriteLine($"    time split: {ingest.Decoding / ingest.Elapsed:P0} decoding responses and re-serializing flows (as the follower does), {ingest.Appending / ingest.Elapsed:P0} in the store's AppendAsync (columns, Brotli blocks, DuckDB appender and commit)");

            var flows = SimulatorFlowSet.Generate(200_000);
            var size = await StorageSizeBenchmark.MeasureAsync(ingest.Path, flows);
            Console.WriteLine($"  bytes on disk per flow: {size.AllInPerFlow:N1} all-in = {size.ColumnsPerFlow:N1} columns + {size.OriginalsPerFlow:N1} compressed originals (raw {size.RawOriginalPerFlow:N0}); exporter JSON lines {size.ExporterJsonPerFlow:N0} = {size.ExporterJsonPerFlow / size.AllInPerFlow:N1}x all-in");
            Console.WriteLine($"    largest columns (B/flow): {string.Join(", ", size.LargestColumns.Select(c => $"{c.Column} {c.BytesPerFlow:N1}"))}");
            File.Delete(ingest.Path);

            var bulk = await DuckDbBulkStore.CreateAsync(flows, options.StoredFlows, directory);
            Console.WriteLine($"  stored for queries: {bulk.Flows:N0} flows over {TimeSpan.FromTicks((bulk.NewestNs - bulk.OldestNs) / 100).TotalHours:N1} h, generated in {bulk.Elapsed.TotalSeconds:N0} s (first {flows.Flows.Count:N0} appended, then doubled in SQL)");

            var inMemory = Math.Min(bulk.Flows, 1_000_000);
            foreach (var timing in await StoredQueryBenchmark.RunAsync(bulk, inMemory))
            {
                Console.WriteLine($"  {timing.Name,-56} DuckDB {timing.InStore.TotalSeconds,7:N2} s; in-memory {timing.InMemoryFlowsPerSecond,9:N0} flows/s (measured over ~{inMemory:N0}) = {timing.InMemoryExtrapolated.TotalSeconds,8:N0} s for {bulk.Flows:N0}; ratio {timing.Ratio,6:N0}x");
            }

            var (filter, share) = SelectiveFilter(flows);
            var (newest, returned) = await StoredQueryBenchmark.NewestAsync(bulk.Path, filter, 1000);
            Console.WriteLine($"  newest 1,000 flows of '{filter}' ({share:P2} of flows): {newest.TotalMilliseconds:N0} ms for {returned:N0} flows over {bulk.Flows:N0}");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
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
