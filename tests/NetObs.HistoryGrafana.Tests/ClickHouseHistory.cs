using NetObs.History.Options;
using NetObs.Testing.ClickHouse;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>The history server on the local ClickHouse cluster: two clickhouse-server shards behind Distributed tables.</summary>
public sealed class ClickHouseHistory : StoredHistory
{
    private ClickHouseCluster? _cluster;

    protected override async Task<StoreLocation> CreateStoreAsync()
    {
        _cluster = await ClickHouseCluster.StartAsync();
        return new StoreLocation(StoreKind.ClickHouse, _cluster.ClusterUri(_cluster.NewDatabase("history")), null);
    }

    protected override async Task DeleteStoreAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class ClickHouseHistoryCollection : ICollectionFixture<ClickHouseHistory>
{
    public const string Name = "history server on the ClickHouse cluster";
}
