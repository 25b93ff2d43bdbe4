using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using NetObs.Hubble.Hosting;
using NetObs.Simulator.Buffer;
using NetObs.Simulator.Metrics;
using NetObs.Simulator.Observer;
using NetObs.Simulator.Options;
using NetObs.Simulator.Replay;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Hosting;

/// <summary>
/// A running simulator: the flow source and producer, the gRPC server (observer.Observer and
/// grpc.health.v1) and the metrics server. Program.cs and the tests start it the same way.
/// </summary>
public sealed class SimulatorHost : IServingHost
{
    private readonly WebApplication _grpc;
    private readonly WebApplication _metricsServer;
    private readonly CancellationTokenSource _stopping = new();
    private readonly Task _producing;
    private bool _stopped;

    private SimulatorHost(SimulatorOptions options, FlowStore store, FlowMetrics metrics, FlowProducer producer,
        WebApplication grpc, WebApplication metricsServer, long startUnixNanos)
    {
        Options = options;
        Store = store;
        Metrics = metrics;
        Producer = producer;
        _grpc = grpc;
        _metricsServer = metricsServer;
        StartUnixNanos = startUnixNanos;
        GrpcEndpoint = grpc.BoundEndpoint();
        MetricsEndpoint = metricsServer.BoundEndpoint();
        _producing = producer.RunAsync(_stopping.Token);
    }

    public SimulatorOptions Options { get; }

    public FlowStore Store { get; }

    public FlowMetrics Metrics { get; }

    public FlowProducer Producer { get; }

    public long StartUnixNanos { get; }

    public IPEndPoint GrpcEndpoint { get; }

    public IPEndPoint MetricsEndpoint { get; }

    /// <summary>The one line the simulator prints once it listens; scripts may parse it.</summary>
    public string ListeningLine =>
        $"NetObs simulator listening on {GrpcEndpoint} (gRPC, {(Options.TlsClientCaFile is not null ? "mTLS" : Options.TlsEnabled ? "TLS" : "plaintext")}), " +
        $"metrics on http://{MetricsEndpoint}/metrics";

    public static async Task<SimulatorHost> StartAsync(SimulatorOptions options, TimeProvider clock, CancellationToken cancellation = default)
    {
        var https = options.TlsEnabled ? TlsConfiguration.Load(options) : null;
        var start = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var backfillNanos = options.Backfill.Ticks * 100;

        IFlowSource source;
        IReadOnlyList<(string Name, string AbsoluteName, string Address)> nodes;
        if (options.ReplayFile is { } replayFile)
        {
            var replay = ReplaySource.Load(replayFile, start);
            source = replay;
            nodes = replay.NodeNames.Select((name, i) => (ShortName(name), name, $"10.224.0.{4 + i}:4244")).ToList();
        }
        else
        {
            var cluster = new ClusterModel(options.Nodes, options.ClusterName);
            source = new ScenarioEngine(cluster, options.Scenarios, options.Seed, options.Rate, start, -backfillNanos);
            nodes = cluster.Nodes.Select(n => (n.Name, n.AbsoluteName, $"{n.InternalIp}:4244")).ToList();
        }

        var store = new FlowStore(
            nodes.Select((n, i) => new SimulatedNodeBuffer(i, n.Name, n.AbsoluteName, n.Address, options.BufferCapacity)).ToArray(),
            options.ClusterName,
            start - backfillNanos);
        var metrics = new FlowMetrics(options.ClusterName);
        var producer = new FlowProducer(source, store, metrics, clock);

        // History first, so that the servers answer with data from their first request.
        producer.CatchUp();

        var grpc = BuildGrpcServer(options, https, store, clock);
        var metricsServer = BuildMetricsServer(options, metrics);
        try
        {
            await grpc.StartAsync(cancellation).ConfigureAwait(false);
            await metricsServer.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException e)
        {
            await grpc.DisposeAsync().ConfigureAwait(false);
            await metricsServer.DisposeAsync().ConfigureAwait(false);
            throw new OptionsException(
                $"cannot listen on {options.Listen} (gRPC) and {options.MetricsListen} (metrics): {e.Message}; choose free ports with --listen and --metrics-listen.");
        }

        return new SimulatorHost(options, store, metrics, producer, grpc, metricsServer, start);
    }

    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _stopping.CancelAsync().ConfigureAwait(false);
        await _producing.ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _grpc.StopAsync(deadline.Token).ConfigureAwait(false);
        await _metricsServer.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _grpc.DisposeAsync().ConfigureAwait(false);
        await _metricsServer.DisposeAsync().ConfigureAwait(false);
        _stopping.Dispose();
    }

    private static WebApplication BuildGrpcServer(SimulatorOptions options, Microsoft.AspNetCore.Server.Kestrel.Https.HttpsConnectionAdapterOptions? https,
        FlowStore store, TimeProvider clock) =>
        StandaloneServer.BuildGrpc(options.Listen, https,
            services =>
            {
                services.AddSingleton(store);
                services.AddSingleton(clock);
                services.AddSingleton(RelayIdentity.Default);
            },
            app => app.MapGrpcService<ObserverService>());

    private static WebApplication BuildMetricsServer(SimulatorOptions options, FlowMetrics metrics)
    {
        var builder = StandaloneServer.CreateBuilder();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(options.MetricsListen, listen => listen.Protocols = HttpProtocols.Http1));
        var app = builder.Build();
        app.MapGet("/metrics", () => Results.Text(metrics.Render(), "text/plain; version=0.0.4; charset=utf-8"));
        return app;
    }

    private static string ShortName(string absoluteName) =>
        absoluteName.Contains('/', StringComparison.Ordinal) ? absoluteName[(absoluteName.IndexOf('/', StringComparison.Ordinal) + 1)..] : absoluteName;
}
