using NetObs.History.Storage.ClickHouse;
using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>The engine checks on two real clickhouse-server 18.16 shards.</summary>
public sealed class ClickHouseEngineTests(ClickHouseClusterFixture servers) : IClassFixture<ClickHouseClusterFixture>
{
    [Fact]
    public async Task Migrations_apply_once_on_a_single_18_16_server()
    {
        using var connection = Connect(servers.Shard1);
        await EngineChecks.Migrations_apply_once_and_record_their_versions(connection, servers.NewDatabase("single"), cluster: null);
    }

    [Fact]
    public async Task Migrations_with_a_cluster_add_the_distributed_tables_on_18_16()
    {
        using var connection = Connect(servers.Shard2);
        await EngineChecks.Migrations_apply_once_and_record_their_versions(connection, servers.NewDatabase("cluster"), ClickHouseClusterFixture.ClusterName);
    }

    [Fact]
    public async Task Hostile_strings_round_trip_on_18_16()
    {
        using var connection = Connect(servers.Shard1);
        await EngineChecks.Hostile_strings_round_trip_through_rows_and_literals(connection, servers.NewDatabase("hostile"));
    }

    internal static ClickHouseHttpConnection Connect(ClickHouseServerProcess server) =>
        new(server.HttpAddress, user: null, password: null, $"clickhouse://{server.HttpAddress}/test", TimeSpan.FromSeconds(30));
}
