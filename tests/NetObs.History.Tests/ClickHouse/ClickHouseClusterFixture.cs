namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// Two clickhouse-server 18.16 processes, shared by the ClickHouse tests of one class: two shards of the
/// cluster <see cref="ClusterName"/>. Each test uses its own database, so tests do not see each other's rows.
/// </summary>
public sealed class ClickHouseClusterFixture : IAsyncLifetime
{
    public const string ClusterName = "netobs_test";

    private readonly string _root = Directory.CreateTempSubdirectory("netobs-clickhouse-").FullName;
    private IReadOnlyList<ClickHouseServerProcess> _servers = [];
    private int _databases;

    internal ClickHouseServerProcess Shard1 => _servers[0];

    internal ClickHouseServerProcess Shard2 => _servers[1];

    /// <summary>A database name no other test of this run uses.</summary>
    public string NewDatabase(string purpose) => $"t{Interlocked.Increment(ref _databases)}_{purpose}";

    /// <summary>A store URI over both shards through <paramref name="first"/>'s HTTP interface, with the cluster named.</summary>
    internal string ClusterUri(string database, ClickHouseServerProcess first) =>
        $"clickhouse://{first.HttpAddress},{(first == Shard1 ? Shard2 : Shard1).HttpAddress}/{database}?cluster={ClusterName}";

    public async Task InitializeAsync() =>
        _servers = await ClickHouseServerProcess.StartShardsAsync(2, ClusterName, _root);

    public async Task DisposeAsync()
    {
        foreach (var server in _servers)
        {
            await server.DisposeAsync();
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // A server that was slow to exit may still hold a file; the temp folder is cleaned by the OS.
        }
    }
}
