namespace NetObs.Testing.ClickHouse;

/// <summary>
/// Two clickhouse-server 18.16 processes on loopback, the two shards of the cluster <see cref="Name"/>, in a scratch
/// folder removed when disposed. Tests that share one cluster each take their own database, so none sees another's rows.
/// </summary>
public sealed class ClickHouseCluster : IAsyncDisposable
{
    /// <summary>The cluster every server's config names (remote_servers), for a store URI's <c>?cluster=</c>.</summary>
    public const string Name = "netobs_test";

    private readonly string _root;
    private readonly IReadOnlyList<ClickHouseServerProcess> _servers;
    private int _databases;

    private ClickHouseCluster(string root, IReadOnlyList<ClickHouseServerProcess> servers)
    {
        _root = root;
        _servers = servers;
    }

    public ClickHouseServerProcess Shard1 => _servers[0];

    public ClickHouseServerProcess Shard2 => _servers[1];

    /// <summary>Starts both shards and waits until each answers /ping; fails with the fix when clickhouse-server is not installed.</summary>
    public static async Task<ClickHouseCluster> StartAsync()
    {
        var root = Directory.CreateTempSubdirectory("netobs-clickhouse-").FullName;
        return new ClickHouseCluster(root, await ClickHouseServerProcess.StartShardsAsync(2, Name, root));
    }

    /// <summary>A database name no other test of this run uses.</summary>
    public string NewDatabase(string purpose) => $"t{Interlocked.Increment(ref _databases)}_{purpose}";

    /// <summary>A store URI over both shards through <paramref name="first"/>'s HTTP interface (shard 1 when null), with the cluster named.</summary>
    public string ClusterUri(string database, ClickHouseServerProcess? first = null)
    {
        first ??= Shard1;
        return $"clickhouse://{first.HttpAddress},{(first == Shard1 ? Shard2 : Shard1).HttpAddress}/{database}?cluster={Name}";
    }

    public async ValueTask DisposeAsync()
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
