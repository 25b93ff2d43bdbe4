using System.Net;
using Cilium.Observer;
using Grpc.Net.Client;
using NetObs.History.Following;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Following;

/// <summary>An in-process history server over a DuckDB file in a temporary folder; it can be stopped and started again over the same file.</summary>
internal sealed class HistoryFixture : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-test-").FullName;
    private GrpcChannel? _channel;

    public HistoryHost? Host { get; private set; }

    public string StorePath => Path.Combine(_folder, "flows.duckdb");

    public Cilium.Observer.Observer.ObserverClient Observer { get; private set; } = null!;

    public RelayFollower Follower => Host!.Followers[0];

    /// <summary>Starts a server following the relay at <paramref name="relayAddress"/> as cluster "sim"; <paramref name="log"/> gets its stderr lines.</summary>
    public async Task StartAsync(string? relayAddress, int bufferFlows = 1_000_000, TextWriter? log = null)
    {
        var options = new HistoryOptions
        {
            Relays = relayAddress is null ? [] : [new RelayTarget("sim", relayAddress)],
            Store = new StoreLocation(StoreKind.DuckDb, $"duckdb:{StorePath}", StorePath),
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            BufferFlows = bufferFlows,
        };
        var store = await DuckDbFlowStore.OpenAsync(StorePath, CancellationToken.None);
        Host = await HistoryHost.StartAsync(options, store, TimeProvider.System, log ?? TextWriter.Null);
        _channel = GrpcChannel.ForAddress($"http://{Host.Endpoint}");
        Observer = new Cilium.Observer.Observer.ObserverClient(_channel);
    }

    /// <summary>Stops the server and closes the store, as SIGTERM does.</summary>
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }

        _channel?.Dispose();
        _channel = null;
    }

    /// <summary>The newest stored time of every node, read from the file while the server is stopped.</summary>
    public async Task<Dictionary<string, long>> NewestPerNodeWhileStoppedAsync()
    {
        await using var store = await DuckDbFlowStore.OpenAsync(StorePath, CancellationToken.None);
        var summary = await store.SummarizeAsync(CancellationToken.None);
        return summary.Nodes.ToDictionary(n => n.Node, n => n.NewestNs);
    }

    /// <summary>Waits until the writer has stored at least <paramref name="count"/> flows in this run.</summary>
    public Task WaitForStoredAsync(long count) => WaitUntilAsync(() => Host!.Writer.Stored >= count, $"{count} flows stored");

    /// <summary>Waits until the relay stream has been established <paramref name="times"/> times in this run.</summary>
    public Task WaitForConnectionsAsync(int times) => WaitUntilAsync(() => Follower.Connections >= times, $"{times} relay connections");

    /// <summary>Every stored flow, oldest first, read back through the store.</summary>
    public async Task<IReadOnlyList<StoredFlow>> StoredAsync(long sinceNs = 0, long untilNs = long.MaxValue)
    {
        var flows = new List<StoredFlow>();
        await foreach (var flow in Host!.Store.ReadAsync(new FlowReadRequest { SinceNs = sinceNs, UntilNs = untilNs }, CancellationToken.None))
        {
            flows.Add(flow);
        }

        return flows;
    }

    /// <summary>Every flow GetFlows returns from the history server for the request.</summary>
    public async Task<IReadOnlyList<GetFlowsResponse>> GetFlowsAsync(GetFlowsRequest request)
    {
        var responses = new List<GetFlowsResponse>();
        using var call = Observer.GetFlows(request);
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            responses.Add(call.ResponseStream.Current);
        }

        return responses;
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        Directory.Delete(_folder, recursive: true);
    }

    /// <summary>Polls a condition the server reaches by itself (a positive signal), with a generous bound.</summary>
    public static async Task WaitUntilAsync(Func<bool> condition, string what)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(90);
        while (!condition())
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Timed out waiting for: {what}.");
            }

            await Task.Delay(100);
        }
    }
}
