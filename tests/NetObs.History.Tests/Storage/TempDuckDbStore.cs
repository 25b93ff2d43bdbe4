using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Tests.Storage;

/// <summary>A DuckDB store in a fresh temporary directory, deleted on dispose.</summary>
public sealed class TempDuckDbStore : IAsyncDisposable
{
    private TempDuckDbStore(string directory, DuckDbFlowStore store)
    {
        Directory = directory;
        Store = store;
    }

    public string Directory { get; }

    public string Path => System.IO.Path.Combine(Directory, "flows.duckdb");

    public DuckDbFlowStore Store { get; private set; }

    public static async Task<TempDuckDbStore> CreateAsync()
    {
        var directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "netobs-history-" + Guid.NewGuid().ToString("N"));
        System.IO.Directory.CreateDirectory(directory);
        var store = await DuckDbFlowStore.OpenAsync(System.IO.Path.Combine(directory, "flows.duckdb"), CancellationToken.None);
        return new TempDuckDbStore(directory, store);
    }

    /// <summary>Closes and opens the file again, as a restarted server would.</summary>
    public async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await DuckDbFlowStore.OpenAsync(Path, CancellationToken.None);
    }

    public async ValueTask DisposeAsync()
    {
        await Store.DisposeAsync();
        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temp directory is harmless.
        }
    }
}
