using System.Net;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The real history server (netobs-history's host) in process over a DuckDB file in a temporary folder, following no
/// relay. It can be stopped and started again on the same port over the same file, as an operator restarts it.
/// </summary>
internal sealed class HistoryServer : IAsyncDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-historygrafana-").FullName;
    private int _port;

    public HistoryHost? Host { get; private set; }

    /// <summary>host:port, as a data source's url names it.</summary>
    public string Address => $"127.0.0.1:{_port}";

    private string StorePath => Path.Combine(_folder, "flows.duckdb");

    /// <summary>Starts a server whose store holds <paramref name="flows"/> and <paramref name="gaps"/>.</summary>
    public static async Task<HistoryServer> StartAsync(IReadOnlyList<StoredFlow> flows, IReadOnlyList<FlowGap> gaps)
    {
        var server = new HistoryServer();
        await using (var store = await DuckDbFlowStore.OpenAsync(server.StorePath, CancellationToken.None))
        {
            for (var i = 0; i < flows.Count; i += 50_000)
            {
                await store.AppendAsync([.. flows.Skip(i).Take(50_000)], CancellationToken.None);
            }

            foreach (var gap in gaps)
            {
                await store.RecordGapAsync(gap, CancellationToken.None);
            }
        }

        await server.StartAgainAsync();
        return server;
    }

    /// <summary>Starts the server (again) on its port, or on a free one the first time.</summary>
    public async Task StartAgainAsync()
    {
        var options = new HistoryOptions
        {
            Relays = [],
            Store = new StoreLocation(StoreKind.DuckDb, $"duckdb:{StorePath}", StorePath),
            Listen = new IPEndPoint(IPAddress.Loopback, _port),
        };
        var store = await DuckDbFlowStore.OpenAsync(StorePath, CancellationToken.None);
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

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }
    }
}
