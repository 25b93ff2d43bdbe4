using System.Text;
using NetObs.History.Storage.ClickHouse;
using NetObs.History.Tests.ClickHouse;
using NetObs.History.Tests.Storage;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// <see cref="NetObs.History.Storage.IFlowStore.ContainsAsync"/>, which the writer trusts after a write cut off in doubt,
/// on DuckDB (schema 3, originals in compressed blocks) and on a Distributed table over two ClickHouse 18.16 shards
/// (MD5 of the flow column computed by the server).
/// </summary>
public sealed class InDoubtLookupTests(ClickHouseClusterFixture servers) : IClassFixture<ClickHouseClusterFixture>
{
    [Fact]
    public async Task DuckDb_finds_exactly_the_stored_flows_by_their_keys()
    {
        await using var temp = await TempDuckDbStore.CreateAsync();
        await InDoubtLookup.Stored_flows_and_only_they_are_found_by_their_keys(temp.Store);
    }

    [Fact]
    public async Task A_distributed_table_over_two_shards_finds_exactly_the_stored_flows_by_their_keys()
    {
        var database = servers.NewDatabase("lookup");
        await using var store = await ClickHouseFlowStore.OpenAsync(servers.ClusterUri(database, servers.Shard1), CancellationToken.None);

        await InDoubtLookup.Stored_flows_and_only_they_are_found_by_their_keys(store);

        // The answer covered both shards only if both hold part of the batch.
        foreach (var shard in new[] { servers.Shard1, servers.Shard2 })
        {
            using var connection = ClickHouseEngineTests.Connect(shard);
            var rows = long.Parse(Encoding.UTF8.GetString(await connection.QueryAsync($"SELECT count() FROM {database}.flows_local FORMAT TabSeparated", CancellationToken.None)).Trim(),
                System.Globalization.CultureInfo.InvariantCulture);
            Assert.True(rows > 0, $"shard {shard.HttpAddress} holds none of the flows");
        }
    }
}
