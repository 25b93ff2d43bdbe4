using NetObs.History.Options;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// The history server over one kind of store holding <see cref="StoredScenario"/> (three hours, two clusters, two gaps),
/// shared by the test classes of one collection: each test class runs once per store without a second copy of its tests.
/// </summary>
public abstract class StoredHistory : IAsyncLifetime
{
    private HistoryServer? _server;

    internal HistoryServer Server => _server ?? throw new InvalidOperationException("The history server is not started.");

    public async Task InitializeAsync() => _server = await HistoryServer.StartAsync(await CreateStoreAsync(), StoredScenario.Flows, StoredScenario.Gaps);

    public async Task DisposeAsync()
    {
        if (_server is not null)
        {
            await _server.DisposeAsync();
        }

        await DeleteStoreAsync();
    }

    /// <summary>An empty store, as <c>--store</c> names it.</summary>
    protected abstract Task<StoreLocation> CreateStoreAsync();

    protected abstract Task DeleteStoreAsync();
}
