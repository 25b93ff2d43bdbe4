namespace NetObs.History.Tests.ClickHouse;

/// <summary>One chDB engine for the whole test run (chDB allows one per process), tables under a scratch folder.</summary>
public sealed class ChdbFixture : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-chdb-").FullName;
    private int _databases;

    public ChdbFixture() => Connection = ChdbConnection.Open(_folder);

    public ChdbConnection Connection { get; }

    /// <summary>A database name no other test of this run uses.</summary>
    public string NewDatabase(string purpose) => $"c{Interlocked.Increment(ref _databases)}_{purpose}";

    public void Dispose()
    {
        Connection.Dispose();
        Directory.Delete(_folder, recursive: true);
    }
}

[CollectionDefinition(Name)]
public sealed class ChdbCollection : ICollectionFixture<ChdbFixture>
{
    public const string Name = "chDB";
}
