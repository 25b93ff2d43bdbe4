using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>The two-shard <see cref="ClickHouseCluster"/> of NetObs.Testing, started once for the ClickHouse tests of one class.</summary>
public sealed class ClickHouseClusterFixture : IAsyncLifetime
{
    public const string ClusterName = ClickHouseCluster.Name;

    private ClickHouseCluster? _cluster;

    private ClickHouseCluster Cluster => _cluster ?? throw new InvalidOperationException("The ClickHouse cluster is not started.");

    internal ClickHouseServerProcess Shard1 => Cluster.Shard1;

    internal ClickHouseServerProcess Shard2 => Cluster.Shard2;

    /// <inheritdoc cref="ClickHouseCluster.NewDatabase"/>
    public string NewDatabase(string purpose) => Cluster.NewDatabase(purpose);

    /// <inheritdoc cref="ClickHouseCluster.ClusterUri"/>
    internal string ClusterUri(string database, ClickHouseServerProcess first) => Cluster.ClusterUri(database, first);

    public async Task InitializeAsync() => _cluster = await ClickHouseCluster.StartAsync();

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
