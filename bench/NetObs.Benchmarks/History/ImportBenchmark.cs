using System.Diagnostics;
using NetObs.History.Import;
using NetObs.History.Storage.DuckDb;
using NetObs.Hubble.Import;
using NetObs.Simulator.Export;
using NetObs.Simulator.Options;

namespace NetObs.Benchmarks.History;

/// <summary>
/// <c>netobs-history import</c> over an exporter file the simulator writes (six hours of every scenario): the whole
/// importer into DuckDB, and the line parse alone, Google.Protobuf's JsonParser (the plugin's jsonpb reader) against
/// the importer's classifier, on one thread, over the same lines.
/// </summary>
internal static class ImportBenchmark
{
    public sealed record Result(long Lines, long Flows, long FileBytes, TimeSpan Elapsed, TimeSpan Cpu, double JsonParserLinesPerCpuSecond, double ClassifierLinesPerCpuSecond, double StoreFlowsPerCpuSecond, double WithoutStoreFlowsPerSecond, double WithoutStoreFlowsPerCpuSecond)
    {
        public double FlowsPerSecond => Flows / Elapsed.TotalSeconds;

        public double FlowsPerCpuSecond => Flows / Cpu.TotalSeconds;
    }

    public static async Task<Result> RunAsync(long flows, string directory)
    {
        var file = Path.Combine(directory, "events.log");
        var duration = TimeSpan.FromHours(6);
        await ExporterFileWriter.WriteAsync(
            new ExportOptions { OutputFile = file, Duration = duration, Scenarios = new SimulatorOptions { Rate = flows / duration.TotalSeconds } },
            TimeProvider.System, CancellationToken.None);

        var (jsonParser, classifier) = ParseRates(file, 50_000);
        var storeRate = await StoreRateAsync(file, Path.Combine(directory, "append.duckdb"), 65_536);

        var (withoutStore, withoutStoreCpu) = await ImportRateAsync(DiscardingFlowStore.Create(), file);
        var path = Path.Combine(directory, "import.duckdb");
        await using var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None);
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await new FlowFileImporter(store, "default").ImportAsync(file, CancellationToken.None);
        var elapsed = watch.Elapsed;
        process.Refresh();
        return new Result(report.LinesRead, report.FlowsStored, new FileInfo(file).Length, elapsed, process.TotalProcessorTime - cpuBefore, jsonParser, classifier, storeRate, withoutStore, withoutStoreCpu);
    }

    /// <summary>Flows per second, wall and CPU, of the whole importer into <paramref name="store"/>.</summary>
    private static async Task<(double Wall, double Cpu)> ImportRateAsync(NetObs.History.Storage.IFlowStore store, string file)
    {
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var report = await new FlowFileImporter(store, "default").ImportAsync(file, CancellationToken.None);
        var elapsed = watch.Elapsed;
        process.Refresh();
        return (report.FlowsStored / elapsed.TotalSeconds, report.FlowsStored / (process.TotalProcessorTime - cpuBefore).TotalSeconds);
    }

    /// <summary>Flows per CPU second of the store's AppendAsync alone, in the importer's batches, over the file's first flows parsed beforehand.</summary>
    private static async Task<double> StoreRateAsync(string file, string path, int count)
    {
        var flows = new List<NetObs.History.Storage.StoredFlow>(count);
        foreach (var line in File.ReadLines(file).Take(count))
        {
            if (FlowLineClassifier.Classify(line, 1).Response is { Flow: { } flow } response)
            {
                flows.Add(new NetObs.History.Storage.StoredFlow("default", response.NodeName, SimulatorFlowSet.TimeOf(flow), flow, Google.Protobuf.MessageExtensions.ToByteArray(flow)));
            }
        }

        await using var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None);
        var before = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var batch in flows.Chunk(32_768))
        {
            await store.AppendAsync(batch, CancellationToken.None);
        }

        return flows.Count / (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }

    /// <summary>Lines per second of thread CPU time for each parser over the file's first lines (after one warm-up pass each).</summary>
    private static (double JsonParser, double Classifier) ParseRates(string file, int count)
    {
        var lines = File.ReadLines(file).Take(count).ToList();
        return (Rate(lines, line => JsonpbFlowReader.ParseLine(line)), Rate(lines, line => FlowLineClassifier.Classify(line, 1)));
    }

    private static double Rate(List<string> lines, Func<string, object?> parse)
    {
        foreach (var line in lines.Take(2_000))
        {
            parse(line);
        }

        var before = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var line in lines)
        {
            parse(line);
        }

        return lines.Count / (Process.GetCurrentProcess().TotalProcessorTime - before).TotalSeconds;
    }
}
