using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
using NetObs.History.Tests.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>A ClickHouse store whose server stops under it: reads fail with an error that names the server, not a crash.</summary>
public sealed class ClickHouseStoppedServerTests() : LoneClickHouseTest("netobs-clickhouse-stopped-")
{
    [Fact]
    public async Task A_store_whose_server_stops_fails_reads_with_a_clear_error_instead_of_crashing()
    {
        await using var store = await ClickHouseFlowStore.OpenAsync($"clickhouse://{ClickHouse.HttpAddress}/netobs", CancellationToken.None);
        await store.AppendAsync(ScenarioFlows.Generate("c", TimeSpan.FromSeconds(1)), CancellationToken.None);
        await ClickHouse.DisposeAsync();
        var error = await Assert.ThrowsAsync<FlowStoreException>(() => StoreChecks.ReadAllAsync(store, new FlowReadRequest()));
        Assert.Contains(ClickHouse.HttpAddress, error.Message, StringComparison.Ordinal);
        Assert.Contains("cannot be reached", error.Message, StringComparison.Ordinal);
    }
}
