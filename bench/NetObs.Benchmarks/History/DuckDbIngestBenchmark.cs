using System.Diagnostics;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.Benchmarks.History;

/// <summary>
/// Flows per second from relay responses into a DuckDB file through the server's own path: parse the GetFlowsResponse,
/// take the flow's bytes as the original (as RelayFollower does), and append batches of <c>batchSize</c> flows.
/// </summary>
internal static class DuckDbIngestBenchmark
{
    public sealed record Result(string Path, long Flows, TimeSpan Elapsed, TimeSpan Cpu, long PeakWorkingSetBytes, TimeSpan Decoding, TimeSpan Appending)
    {
        public double FlowsPerSecond => Flows / Elapsed.TotalSeconds;

        /// <summary>Flows per second of process CPU time: what the rate would be on an otherwise idle single core.</summary>
        public double FlowsPerCpuSecond => Flows / Cpu.TotalSeconds;
    }

    public static async Task<Result> RunAsync(SimulatorFlowSet flows, long total, string directory, int batchSize = 50_000)
    {
        var path = Path.Combine(directory, "ingest.duckdb");
        var store = await DuckDbFlowStore.OpenAsync(path, CancellationToken.None);
        var batch = new List<StoredFlow>(batchSize);
        var peak = 0L;
        using var process = Process.GetCurrentProcess();
        var cpuBefore = process.TotalProcessorTime;
        var watch = Stopwatch.StartNew();
        var offsetNs = 0L;
        var span = flows.LastNs - flows.FirstNs + 1;
        var decoding = new Stopwatch();
        var appending = new Stopwatch();
        for (long i = 0; i < total; i++)
        {
            decoding.Start();
            var index = (int)(i % flows.Responses.Count);
            if (index == 0 && i > 0)
            {
                offsetNs += span;
            }

            var response = GetFlowsResponse.Parser.ParseFrom(flows.Responses[index]);
            var flow = response.Flow;
            if (offsetNs != 0)
            {
                // Later rounds are the same flows shifted in time, so the file grows in time order as a follower's does.
                var ns = SimulatorFlowSet.TimeOf(flow) + offsetNs;
                flow.Time = new Google.Protobuf.WellKnownTypes.Timestamp { Seconds = ns / 1_000_000_000, Nanos = (int)(ns % 1_000_000_000) };
            }

            batch.Add(new StoredFlow("default", flow.NodeName, SimulatorFlowSet.TimeOf(flow), flow, flow.ToByteArray()));
            decoding.Stop();
            if (batch.Count == batchSize)
            {
                appending.Start();
                await store.AppendAsync(batch, CancellationToken.None);
                appending.Stop();
                batch.Clear();
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
            }
        }

        if (batch.Count > 0)
        {
            appending.Start();
            await store.AppendAsync(batch, CancellationToken.None);
            appending.Stop();
        }

        var elapsed = watch.Elapsed;
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuBefore;
        await store.DisposeAsync();
        return new Result(path, total, elapsed, cpu, peak, decoding.Elapsed, appending.Elapsed);
    }
}
