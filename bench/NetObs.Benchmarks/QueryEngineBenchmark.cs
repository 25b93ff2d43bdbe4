using System.Diagnostics;
using System.Text;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging.Abstractions;
using NetObs.Grafana;
using NetObs.Grafana.Frames;
using NetObs.Grafana.Queries;
using NetObs.Plugin.QueryTypes;
using NetObs.Query.Queries;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Benchmarks;

/// <summary>
/// The plugin's query path end to end, through the same query type router as Grafana's requests (decode the relay's
/// stream, aggregate, map to frames, encode Arrow), against the
/// bare protobuf decode rate of the same stream, over a fixed number of flows from the simulator's scenarios.
/// </summary>
internal sealed class QueryEngineBenchmark(int totalFlows, int distinctFlows)
{
    private static readonly DateTimeOffset Start = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<GetFlowsResponse> _pool = Generate(distinctFlows);

    public int Repeat => Math.Max(1, totalFlows / distinctFlows);

    public long Flows => (long)Repeat * _pool.Count;

    /// <summary>Flows per second of GetFlowsResponse.Parser over the encoded stream: the limit for anything that reads it.</summary>
    public double DecodeRate()
    {
        var encoded = _pool.Select(r => r.ToByteArray()).ToArray();
        var best = 0.0;
        for (var round = 0; round < 3; round++)
        {
            var watch = Stopwatch.StartNew();
            long seen = 0;
            for (var i = 0; i < Repeat; i++)
            {
                foreach (var bytes in encoded)
                {
                    seen += GetFlowsResponse.Parser.ParseFrom(bytes).Flow is null ? 0 : 1;
                }
            }

            best = Math.Max(best, seen / watch.Elapsed.TotalSeconds);
        }

        return best;
    }

    /// <summary>Runs one query end to end twice (the first warms up and pre-encodes the masked stream) and measures the second.</summary>
    public async Task<Measurement> RunAsync(string json, bool honourMask, int? flowsOverride = null)
    {
        var repeat = flowsOverride is { } n ? Math.Max(1, n / _pool.Count) : Repeat;
        var relay = new ReplayRelay(_pool, repeat, honourMask);
        var engine = new QueryEngine(relay, new QueryLimits(DefaultLimit: 1000, MaxLimit: 10_000), QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, CacheLifetime = TimeSpan.Zero });
        var router = QueryTypeRoutes.Router(engine, _ => null, NullLogger.Instance);
        var query = new DataQuery
        {
            RefId = "A",
            Json = Encoding.UTF8.GetBytes(json),
            TimeRange = new TimeRange(Start.AddSeconds(-distinctFlows / 2000.0 - 10), Start.AddSeconds(1)),
            Interval = TimeSpan.FromSeconds(1),
            MaxDataPoints = 1000,
        };
        var request = new QueryDataRequest(new PluginContext(), new Dictionary<string, string>(), [query]);

        await RunOnceAsync(router, request).ConfigureAwait(false);

        // Best of two, as the decode limit is best of three: on a shared machine the slower run measures the neighbours.
        var flows = (long)repeat * _pool.Count;
        Measurement? best = null;
        for (var round = 0; round < 2; round++)
        {
            using var sampler = new PeakMemorySampler();
            var watch = Stopwatch.StartNew();
            var bytes = await RunOnceAsync(router, request).ConfigureAwait(false);
            watch.Stop();
            var measured = new Measurement(flows, flows / watch.Elapsed.TotalSeconds, sampler.Peak, sampler.Peak - sampler.Baseline, bytes);
            best = best is null ? measured : best with
            {
                FlowsPerSecond = Math.Max(best.FlowsPerSecond, measured.FlowsPerSecond),
                PeakBytes = Math.Max(best.PeakBytes, measured.PeakBytes),
                PeakAboveBaselineBytes = Math.Max(best.PeakAboveBaselineBytes, measured.PeakAboveBaselineBytes),
            };
        }

        return best!;
    }

    private static async Task<long> RunOnceAsync(QueryTypeRouter router, QueryDataRequest request)
    {
        var response = (await router.QueryDataAsync(request, CancellationToken.None).ConfigureAwait(false)).Responses["A"];
        if (response.Error is { } error)
        {
            throw new InvalidOperationException($"The benchmark query failed: {error}");
        }

        long bytes = 0;
        foreach (var frame in response.Frames)
        {
            bytes += ArrowFrameWriter.Write(frame).Length;
        }

        return bytes;
    }

    private static List<GetFlowsResponse> Generate(int count)
    {
        // 2,000 flows/s of all scenarios, back-filled so that `count` flows end at Start.
        var startNs = (Start - DateTimeOffset.UnixEpoch).Ticks * 100;
        var spanNs = (long)(count / 2000.0 * 1e9) + 5_000_000_000L;
        var cluster = new ClusterModel(3, "default");
        var engine = new ScenarioEngine(cluster, ScenarioSet.All, 42, 2000, startNs, -spanNs);
        var pool = new List<GetFlowsResponse>(count);
        engine.GenerateUntil(startNs, scheduled =>
        {
            if (pool.Count >= count)
            {
                return;
            }

            var flow = scheduled.Flow.Clone();
            var time = new Timestamp { Seconds = scheduled.TimeUnixNanos / 1_000_000_000, Nanos = (int)(scheduled.TimeUnixNanos % 1_000_000_000) };
            flow.Time ??= time;
            var node = cluster.Nodes[scheduled.NodeIndex].Name;
            if (flow.NodeName.Length == 0)
            {
                flow.NodeName = node;
            }

            pool.Add(new GetFlowsResponse { Flow = flow, NodeName = flow.NodeName, Time = flow.Time });
        });
        return pool;
    }

    /// <summary>One measured run: flows scanned, rate, peak managed heap (absolute and above the baseline), Arrow bytes written.</summary>
    public sealed record Measurement(long Flows, double FlowsPerSecond, long PeakBytes, long PeakAboveBaselineBytes, long ArrowBytes);
}
