using DuckDB.NET.Data;
using NetObs.History.Following;
using NetObs.History.Storage;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// Batches staged back to back on the DuckDB store's two writers (<see cref="IOverlappingAppends"/>): each is stored
/// once, they become durable in staging order, and a batch staged behind one that failed is not stored.
/// </summary>
public sealed class DuckDbOverlappingAppendTests : IAsyncLifetime
{
    private static readonly CancellationToken None = CancellationToken.None;
    private TempDuckDbStore _temp = null!;

    public async Task InitializeAsync() => _temp = await TempDuckDbStore.CreateAsync();

    public async Task DisposeAsync() => await _temp.DisposeAsync();

    [Fact]
    public async Task Batches_staged_back_to_back_are_each_stored_once_and_durable_in_order()
    {
        var flows = ScenarioFlows.All;
        var batches = flows.Chunk((flows.Count / 7) + 1).Select(b => (IReadOnlyList<StoredFlow>)b).ToList();
        _temp.Store.RollupEveryRows = (flows.Count / 4) + 1;
        var durable = new List<Task>();
        var checks = new List<Task<bool>>();
        foreach (var batch in batches)
        {
            durable.Add(await _temp.Store.StageAsync(batch, None));

            // When a batch is durable, every batch staged before it already is.
            var earlier = durable.ToArray();
            checks.Add(earlier[^1].ContinueWith(_ => earlier.All(d => d.IsCompletedSuccessfully), TaskScheduler.Default));
        }

        await Task.WhenAll(durable);
        Assert.All(await Task.WhenAll(checks), Assert.True);
        var stored = await ReadAllAsync();
        Assert.Equal(flows.Count, stored.Count);
        Assert.Equal(flows.Select(f => Convert.ToBase64String(f.Original.Span)).Order(StringComparer.Ordinal), stored.Order(StringComparer.Ordinal));

        // Rollup runs happened after commits on both writers (at least two runs over seven batches), and nothing is counted twice.
        Assert.Equal(flows.Count, await ScalarAsync("SELECT (SELECT coalesce(sum(flows), 0)::BIGINT FROM service_map_minutes) + (SELECT count(*) FROM flows WHERE block_id > (SELECT rolled_block FROM service_map_rollup_state))"));
    }

    [Fact]
    public async Task A_batch_staged_behind_a_failed_one_is_not_stored_and_an_unchained_append_is()
    {
        var flows = ScenarioFlows.All;
        var first = flows.Take(flows.Count / 3).ToList();
        var second = flows.Skip(first.Count).Take(flows.Count / 3).ToList();
        var third = flows.Skip(first.Count + second.Count).ToList();

        await ExecuteAsync("CREATE TABLE spare AS FROM flows LIMIT 0");

        // The first batch's commit waits until the table it was written to has been replaced, so DuckDB refuses it.
        var replaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _temp.Store.BeforeCommit = () => replaced.Task;
        var firstDurable = await _temp.Store.StageAsync(first, None);
        var secondDurable = await _temp.Store.StageAsync(second, None);
        await ExecuteAsync("DROP TABLE flows; ALTER TABLE spare RENAME TO flows; CREATE TABLE spare AS FROM flows LIMIT 0");
        replaced.SetResult();
        var failed = await Assert.ThrowsAsync<FlowStoreException>(() => firstDurable);
        Assert.Contains($"Writing {first.Count} flows to duckdb:", failed.Message, StringComparison.Ordinal);
        var behind = await Assert.ThrowsAsync<FlowStoreException>(() => secondDurable);
        Assert.StartsWith($"{second.Count} flows were not written to duckdb:", behind.Message, StringComparison.Ordinal);
        Assert.Contains("because the batch written before them failed", behind.Message, StringComparison.Ordinal);
        Assert.Equal(0, await ScalarAsync("SELECT count(*) FROM flows"));

        // An append that is not chained commits whatever became of the batch before it.
        replaced = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var thirdDurable = await _temp.Store.StageAsync(third, None);
        await ExecuteAsync("DROP TABLE flows; ALTER TABLE spare RENAME TO flows");
        replaced.SetResult();
        await Assert.ThrowsAsync<FlowStoreException>(() => thirdDurable);
        await _temp.Store.AppendAsync(third, None);
        Assert.Equal(third.Count, await ScalarAsync("SELECT count(*) FROM flows"));
    }

    private async Task<List<string>> ReadAllAsync()
    {
        var request = new FlowReadRequest();
        var stored = new List<string>();
        await foreach (var flow in _temp.Store.ReadAsync(request, None))
        {
            stored.Add(Convert.ToBase64String(flow.Original.Span));
        }

        return stored;
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=" + _temp.Path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    private async Task<long> ScalarAsync(string sql)
    {
        await using var connection = new DuckDBConnection("Data Source=" + _temp.Path);
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), System.Globalization.CultureInfo.InvariantCulture);
    }
}
