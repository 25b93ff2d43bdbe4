using NetObs.History.Options;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>The history server on a DuckDB file in a temporary folder.</summary>
public sealed class DuckDbHistory : StoredHistory
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-historygrafana-").FullName;

    protected override Task<StoreLocation> CreateStoreAsync()
    {
        var path = Path.Combine(_folder, "flows.duckdb");
        return Task.FromResult(new StoreLocation(StoreKind.DuckDb, $"duckdb:{path}", path));
    }

    protected override Task DeleteStoreAsync()
    {
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A leftover temporary folder is harmless.
        }

        return Task.CompletedTask;
    }
}

[CollectionDefinition(Name)]
public sealed class DuckDbHistoryCollection : ICollectionFixture<DuckDbHistory>
{
    public const string Name = "history server on DuckDB";
}
