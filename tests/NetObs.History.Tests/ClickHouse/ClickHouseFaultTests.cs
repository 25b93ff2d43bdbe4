using System.Net;
using System.Net.Sockets;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>ClickHouse down, rejecting a write, or misnamed: clear errors that name the server and the fix.</summary>
public sealed class ClickHouseFaultTests(ClickHouseClusterFixture servers) : IClassFixture<ClickHouseClusterFixture>
{
    [Fact]
    public async Task A_server_that_is_down_is_named_with_the_fix()
    {
        var port = ClosedPort();
        var error = await Assert.ThrowsAsync<FlowStoreException>(() => ClickHouseFlowStore.OpenAsync($"clickhouse://127.0.0.1:{port}/netobs", CancellationToken.None));
        Assert.Contains($"127.0.0.1:{port}", error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
        Assert.Contains("HTTP port", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_rejected_write_names_the_server_and_the_reason()
    {
        var database = servers.NewDatabase("rejected");
        await using var store = await ClickHouseFlowStore.OpenAsync($"clickhouse://{servers.Shard1.HttpAddress}/{database}", CancellationToken.None);
        using (var connection = ClickHouseEngineTests.Connect(servers.Shard1))
        {
            await connection.QueryAsync($"DROP TABLE {database}.flows_local", CancellationToken.None);
        }

        var error = await Assert.ThrowsAsync<FlowStoreException>(() => store.AppendAsync(ScenarioFlows.Generate("c", TimeSpan.FromSeconds(1)), CancellationToken.None));
        Assert.Contains(servers.Shard1.HttpAddress, error.Message, StringComparison.Ordinal);
        Assert.Contains("rejected", error.Message, StringComparison.Ordinal);
        Assert.Contains("restart netobs-history", error.Message, StringComparison.Ordinal);
        Assert.Contains("flows_local", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_wrong_password_says_to_check_the_credentials_and_hides_the_password()
    {
        var error = await Assert.ThrowsAsync<FlowStoreException>(
            () => ClickHouseFlowStore.OpenAsync($"clickhouse://recorder:wrong-pw@{servers.Shard1.HttpAddress}/netobs", CancellationToken.None));
        Assert.Contains("user and password", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("wrong-pw", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_cluster_the_server_does_not_define_is_named_with_the_fix()
    {
        var error = await Assert.ThrowsAsync<FlowStoreException>(
            () => ClickHouseFlowStore.OpenAsync($"clickhouse://{servers.Shard1.HttpAddress}/netobs?cluster=nosuch", CancellationToken.None));
        Assert.Contains("no cluster 'nosuch'", error.Message, StringComparison.Ordinal);
        Assert.Contains("system.clusters", error.Message, StringComparison.Ordinal);
    }

    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
