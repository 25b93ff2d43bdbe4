using System.Diagnostics;
using System.Globalization;
using NetObs.History.Following;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage.ClickHouse;
using NetObs.Testing.ClickHouse;

namespace NetObs.Benchmarks.History;

/// <summary>
/// The ingest rate into ClickHouse through the same reader, queue and writer as DuckDB (<see cref="IngestBenchmark"/>),
/// into real clickhouse-server processes on loopback started by NetObs.Testing: one lone server (MergeTree tables only)
/// and two shards behind the Distributed table. The servers' CPU is read from /proc, since the store's work happens
/// there and not in this process; the stored count is checked so a lost flow fails the run.
/// </summary>
internal static class ClickHouseIngestBenchmark
{
    private const string Database = "bench";
    private static readonly TimeSpan QueryTimeout = TimeSpan.FromMinutes(5);

    /// <param name="ServerCpu">CPU time of the clickhouse-server processes (all shards) during the ingest.</param>
    /// <param name="BytesOnDisk">Active parts of the flows tables on every server after OPTIMIZE … FINAL.</param>
    public sealed record Result(string Name, IngestBenchmark.Result Ingest, TimeSpan ServerCpu, long BytesOnDisk)
    {
        public double FlowsPerServerCpuSecond => Ingest.Flows / ServerCpu.TotalSeconds;

        /// <summary>Flows per CPU second of this process and the servers together: the whole cost of storing a flow.</summary>
        public double FlowsPerTotalCpuSecond => Ingest.Flows / (Ingest.Cpu + ServerCpu).TotalSeconds;

        public double BytesPerFlow => BytesOnDisk / (double)Ingest.Flows;
    }

    /// <summary>The sentence printed instead of the ClickHouse figures when clickhouse-server is missing; null when it is installed.</summary>
    public static string? Missing()
    {
        try
        {
            ClickHouseServerProcess.FindExecutable();
            return null;
        }
        catch (InvalidOperationException)
        {
            return "ingest into ClickHouse skipped: clickhouse-server is not installed (Debian: apt-get install clickhouse-server clickhouse-client; --no-clickhouse skips it without this line)";
        }
    }

    /// <summary>One lone server, without a cluster: the store writes its MergeTree table directly.</summary>
    public static async Task<Result> RunLoneAsync(SimulatorFlowSet flows, long total)
    {
        var root = Directory.CreateTempSubdirectory("netobs-clickhouse-bench-").FullName;
        try
        {
            // The config names a cluster of the one server; the URI leaves ?cluster= out, so the store does not use it.
            var servers = await ClickHouseServerProcess.StartShardsAsync(1, "netobs_bench", root);
            try
            {
                return await RunAsync("one server", servers, $"clickhouse://{servers[0].HttpAddress}/{Database}", flows, total);
            }
            finally
            {
                await servers[0].DisposeAsync();
            }
        }
        finally
        {
            Directory.Delete(root, recursive: true);
        }
    }

    /// <summary>Two shards behind the Distributed table, written through the first as the server does.</summary>
    public static async Task<Result> RunShardedAsync(SimulatorFlowSet flows, long total)
    {
        await using var cluster = await ClickHouseCluster.StartAsync();
        return await RunAsync("two shards, Distributed table", [cluster.Shard1, cluster.Shard2], cluster.ClusterUri(Database), flows, total);
    }

    private static async Task<Result> RunAsync(string name, IReadOnlyList<ClickHouseServerProcess> servers, string uri, SimulatorFlowSet flows, long total)
    {
        var problems = new List<string>();
        var location = StoreLocationParser.Parse(uri, problems)
            ?? throw new InvalidOperationException($"The benchmark's store URI {uri} does not parse: {string.Join("; ", problems)}");
        var connections = servers.Select(s => new ClickHouseHttpConnection(s.HttpAddress, null, null, location.Display, QueryTimeout)).ToList();
        try
        {
            IngestBenchmark.Result ingest;
            TimeSpan serverCpu;
            await using (var store = await StoreOpener.OpenAsync(location, CancellationToken.None))
            {
                // Opening (migrations) is not ingest: the servers' CPU is counted from here.
                var cpuBefore = servers.Select(s => CpuOf(s.ProcessId)).ToList();

                // ClickHouse does not overlap batches (IOverlappingAppends is DuckDB's); the batch bound is the server's default.
                ingest = await IngestBenchmark.RunAsync(store, flows, total, IngestQueue.DefaultMaxBatch, overlapBatches: true);
                serverCpu = servers.Select((s, i) => CpuOf(s.ProcessId) - cpuBefore[i]).Aggregate(TimeSpan.Zero, (a, b) => a + b);
            }

            // Counted shard by shard, so rows the Distributed table had not yet sent anywhere would show as missing.
            var stored = 0L;
            var bytes = 0L;
            foreach (var server in connections)
            {
                stored += await ScalarAsync(server, $"SELECT count() FROM {Database}.flows_local");
                await server.QueryAsync($"OPTIMIZE TABLE {Database}.flows_local FINAL", CancellationToken.None);
                bytes += await ScalarAsync(server, $"SELECT sum(bytes_on_disk) FROM system.parts WHERE database = '{Database}' AND table = 'flows_local' AND active");
            }

            if (stored != total)
            {
                throw new InvalidOperationException($"ClickHouse ({name}) holds {stored:N0} flows after the ingest benchmark sent {total:N0}; it must hold all.");
            }

            return new Result(name, ingest, serverCpu, bytes);
        }
        finally
        {
            foreach (var connection in connections)
            {
                connection.Dispose();
            }
        }
    }

    // The runtime reads another process's user and system time from /proc on Linux; the id is all NetObs.Testing exposes.
    private static TimeSpan CpuOf(int processId)
    {
        using var process = Process.GetProcessById(processId);
        return process.TotalProcessorTime;
    }

    private static async Task<long> ScalarAsync(ClickHouseHttpConnection server, string sql)
    {
        var reply = await server.QueryAsync(sql + " FORMAT TabSeparated", CancellationToken.None);
        return long.Parse(System.Text.Encoding.ASCII.GetString(reply).Trim(), NumberStyles.None, CultureInfo.InvariantCulture);
    }
}
