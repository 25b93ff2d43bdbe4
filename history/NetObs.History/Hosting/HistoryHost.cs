using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using NetObs.History.Aggregation;
using NetObs.History.Following;
using NetObs.History.Observer;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.Hubble.Hosting;

namespace NetObs.History.Hosting;

/// <summary>
/// A running history server: one follower per relay, the bounded queue and the store writer, the retention
/// sweep, and the gRPC server (observer.Observer and grpc.health.v1). Program.cs and the tests start it the same way.
/// </summary>
public sealed class HistoryHost : IServingHost
{
    private readonly WebApplication _grpc;
    private readonly IngestQueue _queue;
    private readonly CancellationTokenSource _following = new();
    private readonly CancellationTokenSource _writing = new();
    private readonly List<Task> _followerTasks = [];
    private readonly Task _writerTask;
    private readonly Task _retentionTask;
    private readonly IReadOnlyList<IDisposable> _clients;
    private bool _stopped;

    private HistoryHost(HistoryOptions options, IFlowStore store, IngestQueue queue, StoreWriter writer, IReadOnlyList<RelayFollower> followers,
        WebApplication grpc, RetentionSweeper? retention, IReadOnlyList<IDisposable> clients)
    {
        _clients = clients;
        Options = options;
        Store = store;
        _queue = queue;
        Writer = writer;
        Followers = followers;
        _grpc = grpc;
        Endpoint = grpc.BoundEndpoint();
        _writerTask = writer.RunAsync(_writing.Token);
        foreach (var follower in followers)
        {
            _followerTasks.Add(follower.RunAsync(_following.Token));
        }

        _retentionTask = retention?.RunAsync(_following.Token) ?? Task.CompletedTask;
    }

    public HistoryOptions Options { get; }

    public IFlowStore Store { get; }

    public StoreWriter Writer { get; }

    /// <summary>The bounded queue between the followers and the writer (tests read its drop count).</summary>
    internal IngestQueue Queue => _queue;

    public IReadOnlyList<RelayFollower> Followers { get; }

    /// <summary>The address the observer API listens on.</summary>
    public IPEndPoint Endpoint { get; }

    /// <summary>The one line printed on stdout once the server serves; scripts may parse it.</summary>
    public string ListeningLine =>
        $"NetObs history listening on {Endpoint} (gRPC, plaintext), store {Options.Store.Display}, " +
        (Followers.Count == 0 ? "following no relay" : $"following {string.Join(", ", Options.Relays)}");

    /// <summary>Starts following and serving over an opened store; the host owns the store from here on.</summary>
    /// <exception cref="OptionsException">A relay's settings cannot be used or the address cannot be bound.</exception>
    public static async Task<HistoryHost> StartAsync(HistoryOptions options, IFlowStore store, TimeProvider clock, TextWriter log, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(store);
        var summary = await store.SummarizeAsync(cancellation).ConfigureAwait(false);
        var feed = new LiveFeed();
        feed.Seed(summary.Nodes);
        var queue = new IngestQueue(options.BufferFlows);
        var writer = new StoreWriter(store, queue, feed, clock, log);
        var followers = new List<RelayFollower>();
        var clients = new List<IDisposable>();
        foreach (var relay in options.Relays)
        {
            var client = RelayClientFactory.Create(relay, options.Tls);
            clients.Add(client);
            var resume = await ResumePoint.LoadAsync(store, relay.Cluster, cancellation).ConfigureAwait(false);
            followers.Add(new RelayFollower(relay, (request, token) => client.GetFlowsAsync(request, RelayResponseReader.Marshaller, token), queue, resume, clock, log));
        }

        var sources = new HistorySources(store, feed, followers, writer, clock, clock.GetUtcNow());
        var grpc = BuildGrpcServer(options, sources);
        try
        {
            await grpc.StartAsync(cancellation).ConfigureAwait(false);
        }
        catch (IOException)
        {
            await grpc.DisposeAsync().ConfigureAwait(false);
            throw new OptionsException($"--listen {options.Listen}: the address is in use or cannot be bound; choose a free port, e.g. --listen 127.0.0.1:0.");
        }

        var retention = options.Retention is { } keep ? new RetentionSweeper(store, keep, clock, log) : null;
        return new HistoryHost(options, store, queue, writer, followers, grpc, retention, clients);
    }

    /// <summary>Stops following, writes what is queued (for a few seconds at most), stops serving and closes the store.</summary>
    public async Task StopAsync()
    {
        if (_stopped)
        {
            return;
        }

        _stopped = true;
        await _following.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_followerTasks.Append(_retentionTask)).ConfigureAwait(false);
        _queue.Complete();
        _writing.CancelAfter(TimeSpan.FromSeconds(10));
        await _writerTask.ConfigureAwait(false);
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(5));
        await _grpc.StopAsync(deadline.Token).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync().ConfigureAwait(false);
        await _grpc.DisposeAsync().ConfigureAwait(false);
        await Store.DisposeAsync().ConfigureAwait(false);
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        _following.Dispose();
        _writing.Dispose();
    }

    private static WebApplication BuildGrpcServer(HistoryOptions options, HistorySources sources) =>
        StandaloneServer.BuildGrpc(options.Listen, https: null,
            services =>
            {
                services.AddSingleton(sources);
                services.AddSingleton<IFlowAggregations>(sources.Store);
            },
            app =>
            {
                app.MapGrpcService<ObserverService>();
                app.MapGrpcService<AggregationService>();
            });
}
