using System.Net;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The real history server (netobs-history's host) in process over the store <c>--store</c> would name, following no
/// relay. It can be stopped and started again on the same port over the same store, as an operator restarts it.
/// </summary>
internal sealed class HistoryServer : IAsyncDisposable
{
    private readonly StoreLocation _store;
    private int _port;

    private HistoryServer(StoreLocation store) => _store = store;

    public HistoryHost? Host { get; private set; }

    /// <summary>host:port, as a data source's url names it.</summary>
    public string Address => $"127.0.0.1:{_port}";

    /// <summary>Fills the (empty) <paramref name="store"/> with <paramref name="flows"/> and <paramref name="gaps"/>, then starts a server over it.</summary>
    public static async Task<HistoryServer> StartAsync(StoreLocation store, IReadOnlyList<StoredFlow> flows, IReadOnlyList<FlowGap> gaps)
    {
        await using (var writer = await StoreOpener.OpenAsync(store, CancellationToken.None))
        {
            for (var i = 0; i < flows.Count; i += 50_000)
            {
                await writer.AppendAsync([.. flows.Skip(i).Take(50_000)], CancellationToken.None);
            }

            foreach (var gap in gaps)
            {
                await writer.RecordGapAsync(gap, CancellationToken.None);
            }
        }

        var server = new HistoryServer(store);
        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port, or on a free one the first time.</summary>
    public async Task StartAgainAsync()
    {
        var options = new HistoryOptions
        {
            Relays = [],
            Store = _store,
            Listen = new IPEndPoint(IPAddress.Loopback, _port),
        };
        var store = await StoreOpener.OpenAsync(_store, CancellationToken.None);
        Host = await HistoryHost.StartAsync(options, store, TimeProvider.System, TextWriter.Null);
        _port = Host.Endpoint.Port;
    }

    /// <summary>Stops the server and closes the store, as SIGTERM does.</summary>
    public async Task StopAsync()
    {
        if (Host is not null)
        {
            await Host.DisposeAsync();
            Host = null;
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());
}
