using System.Globalization;
using NetObs.Benchmarks;
using NetObs.Benchmarks.History;

// `dotnet cake --target=Bench`: the plugin's end-to-end query rates against the bare decode rate of the relay stream,
// measured in one run on this machine, then the simulator's own throughput benchmark, then N viewers of a generated
// dashboard against the plugin process (`-- load --viewers N --duration S` runs only that one), then the flow history
// benchmarks (`-- history [--history-flows N] [--ingest-flows N] [--import-flows N]` runs only those; `-- import` only the import;
// `-- pushdown` only the history server pushdown). BenchOptions.Usage lists every mode and flag.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
var (options, error) = BenchOptions.Parse(args);
if (options is null)
{
    Console.Error.WriteLine(error);
    Console.Error.WriteLine(BenchOptions.Usage);
    return 2;
}

if (options.PushdownOnly)
{
    // The history server pushdown against a relay scan (issue 15 item 7).
    await NetObs.Benchmarks.Pushdown.PushdownBenchmark.RunAsync();
    return 0;
}

if (options.ImportOnly)
{
    await HistoryBenchmark.RunAsync(options.History ?? HistoryBenchOptions.Default, importOnly: true);
    return 0;
}

if (options.HistoryOnly)
{
    await HistoryBenchmark.RunAsync(options.History ?? HistoryBenchOptions.Default);
    return 0;
}

if (options.LoadOnly)
{
    DashboardLoadBenchmark.Print(options.Load, await DashboardLoadBenchmark.RunAsync(options.Load));
    return 0;
}

const int TotalFlows = 1_000_000;
const int DistinctFlows = 100_000;
var bench = new QueryEngineBenchmark(TotalFlows, DistinctFlows);
Console.WriteLine($"NetObs query engine benchmark: {bench.Flows:N0} flows ({DistinctFlows:N0} distinct flows of all simulator scenarios, replayed {bench.Repeat}x), {Environment.ProcessorCount} CPU(s)");
var limit = bench.DecodeRate();
Console.WriteLine($"  limit      bare protobuf decode of the GetFlowsResponse stream: {limit,12:N0} flows/s");

async Task Report(string name, string json, bool mask, int? flows = null)
{
    var m = await bench.RunAsync(json, mask, flows);
    Console.WriteLine($"  {name,-52} {m.FlowsPerSecond,12:N0} flows/s = {m.FlowsPerSecond / limit,5:P0} of limit; peak managed {m.PeakBytes / 1048576.0,7:N1} MB ({m.PeakAboveBaselineBytes / 1048576.0,6:N1} MB above the replay pool) over {m.Flows:N0} flows");
}

const string Flows = "{\"queryType\":\"flows\",\"limit\":1000}";
const string TimeSeries = "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\",\"source_namespace\"]}";
const string ServiceMap = "{\"queryType\":\"servicemap\",\"nodeKind\":\"workload\"}";
await Report("flows (limit 1000, whole flows)", Flows, mask: false);
await Report("timeseries by verdict, source_namespace (masked)", TimeSeries, mask: true);
await Report("timeseries (relay ignores the mask)", TimeSeries, mask: false);
await Report("servicemap by workload (masked)", ServiceMap, mask: true);
await Report("servicemap (relay ignores the mask)", ServiceMap, mask: false);
Console.WriteLine("  memory vs flows scanned (peak should not grow with the flow count):");
await Report("timeseries over 100,000 flows (masked)", TimeSeries, mask: true, flows: 100_000);
await Report("servicemap over 100,000 flows (masked)", ServiceMap, mask: true, flows: 100_000);

var simulator = new SimulatorThroughputBenchmark();
Console.WriteLine($"Simulator: GetFlows over loopback {await simulator.MeasureGetFlowsRateAsync(),12:N0} flows/s (target {SimulatorThroughputBenchmark.TargetFlowsPerSecond:N0}); generation {simulator.MeasureGenerationRate(TimeSpan.FromSeconds(20)),12:N0} flows/s");
var evaluator = new EvaluatorBenchmark();
var (checksPerSecond, checksPerCpuSecond) = evaluator.MeasureChecksPerSecond(TimeSpan.FromSeconds(3));
Console.WriteLine($"Filter evaluator: {checksPerSecond,12:N0} flow x filter checks/s, {checksPerCpuSecond:N0} per CPU second (target {EvaluatorBenchmark.TargetChecksPerSecond:N0})");
await NetObs.Benchmarks.Pushdown.PushdownBenchmark.RunAsync();
DashboardLoadBenchmark.Print(options.Load, await DashboardLoadBenchmark.RunAsync(options.Load));
await HistoryBenchmark.RunAsync(options.History ?? HistoryBenchOptions.Default);
return 0;
