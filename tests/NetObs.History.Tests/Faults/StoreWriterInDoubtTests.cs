using Microsoft.Extensions.Time.Testing;
using NetObs.History.Following;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
using NetObs.History.Tests.ClickHouse;
using NetObs.History.Tests.Following;
using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// A flow INSERT cut off after ClickHouse (18.16, real) committed it, as when the server is killed between committing
/// and answering: the writer asks the store before retrying or giving the batch up, so there is no duplicate, no false
/// gap, and the writer's count equals what the store holds. Backoff runs on a fake clock; the store's state is the switch.
/// </summary>
public sealed class StoreWriterInDoubtTests() : LoneClickHouseTest("netobs-in-doubt-")
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UnixEpoch.AddDays(20_000));

    [Fact]
    public async Task A_write_committed_before_the_connection_broke_is_counted_once_and_not_sent_again()
    {
        var (store, connection) = await OpenAsync("committed");
        await using var _ = store;
        var flows = Flows(50);
        var queue = new IngestQueue(1000);
        connection.CutNextInsertAfterCommit(thenDown: false);
        var writer = new StoreWriter(store, queue, new LiveFeed(), _clock, TextWriter.Null);

        await RunToEndAsync(writer, queue, flows, () => writer.Stored >= flows.Count);

        Assert.Equal(1, connection.FlowInserts);
        await AssertAddsUpAsync(store, writer, queue, flows.Count, expectedStored: flows.Count);
    }

    [Fact]
    public async Task A_write_cut_off_before_the_server_committed_it_is_sent_again_and_stored_once()
    {
        var (store, connection) = await OpenAsync("uncommitted");
        await using var _ = store;
        var flows = Flows(50);
        var queue = new IngestQueue(1000);
        connection.CutNextInsertBeforeCommit();
        var writer = new StoreWriter(store, queue, new LiveFeed(), _clock, TextWriter.Null);

        await RunToEndAsync(writer, queue, flows, () => writer.Stored >= flows.Count);

        Assert.Equal(2, connection.FlowInserts);
        await AssertAddsUpAsync(store, writer, queue, flows.Count, expectedStored: flows.Count);
    }

    [Fact]
    public async Task A_write_in_doubt_is_not_sent_again_while_the_store_cannot_say_whether_it_landed()
    {
        var (store, connection) = await OpenAsync("unanswered");
        await using var _ = store;
        var flows = Flows(50);
        var queue = new IngestQueue(1000);
        connection.CutNextInsertAfterCommit(thenDown: false);
        connection.QueriesDown = true;
        var writer = new StoreWriter(store, queue, new LiveFeed(), _clock, TextWriter.Null);
        foreach (var flow in flows)
        {
            queue.Add(flow);
        }

        var running = writer.RunAsync(CancellationToken.None);

        // Inserts pass but reads fail (a Distributed table with a shard down): several backoffs go by, each asking.
        await HistoryFixture.WaitUntilAsync(() => Advance(connection.QueriesRefused >= 3), "the writer asked the store three times");
        Assert.Equal(1, connection.FlowInserts);
        Assert.Equal(0, writer.Stored);

        connection.QueriesDown = false;
        await HistoryFixture.WaitUntilAsync(() => Advance(writer.Stored >= flows.Count), "the batch is counted");
        queue.Complete();
        await HistoryFixture.WaitUntilAsync(() => Advance(running.IsCompleted), "the writer drained the queue");
        await running;

        Assert.Equal(1, connection.FlowInserts);
        Assert.Null(writer.Problem);
        await AssertAddsUpAsync(store, writer, queue, flows.Count, expectedStored: flows.Count);
    }

    [Fact]
    public async Task A_committed_write_given_up_while_the_store_is_down_is_counted_stored_not_recorded_as_a_gap()
    {
        var (store, connection) = await OpenAsync("givenup");
        await using var _ = store;
        var flows = Flows(25);
        var queue = new IngestQueue(10);
        connection.CutNextInsertAfterCommit(thenDown: true);
        var writer = new StoreWriter(store, queue, new LiveFeed(), _clock, TextWriter.Null);
        foreach (var flow in flows.Take(5))
        {
            queue.Add(flow);
        }

        var running = writer.RunAsync(CancellationToken.None);
        await HistoryFixture.WaitUntilAsync(() => writer.Problem is not null, "the cut-off write is noticed");

        // The buffer overflows while the store is down, so the writer gives the batch in doubt up.
        foreach (var flow in flows.Skip(5))
        {
            queue.Add(flow);
        }

        Assert.True(queue.Dropped > 0);
        await HistoryFixture.WaitUntilAsync(() => Advance(connection.GapInsertsWhileDown > 0), "the writer moved past the batch in doubt");
        connection.Down = false;
        await HistoryFixture.WaitUntilAsync(() => Advance(writer.Stored >= flows.Count - queue.Dropped), "everything not dropped is counted");
        queue.Complete();
        await HistoryFixture.WaitUntilAsync(() => Advance(running.IsCompleted), "the writer drained the queue");
        await running;

        // The batch in doubt was sent once (and never again); the refused attempts never reached the server; then the rest once.
        Assert.Equal(2, connection.FlowInserts);
        await AssertAddsUpAsync(store, writer, queue, flows.Count, expectedStored: flows.Count - queue.Dropped);
        var gaps = await store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None);
        Assert.DoesNotContain(gaps, g => g.FromNs <= flows[4].TimeNs && g.UntilNs >= flows[0].TimeNs && g.Node == flows[0].Node);
    }

    private async Task RunToEndAsync(StoreWriter writer, IngestQueue queue, IReadOnlyList<StoredFlow> flows, Func<bool> done)
    {
        foreach (var flow in flows)
        {
            queue.Add(flow);
        }

        var running = writer.RunAsync(CancellationToken.None);
        await HistoryFixture.WaitUntilAsync(() => Advance(done()), "the batch is stored");
        queue.Complete();
        await HistoryFixture.WaitUntilAsync(() => Advance(running.IsCompleted), "the writer drained the queue");
        await running;
    }

    /// <summary>Moves the fake clock past any backoff the writer waits in, and reports <paramref name="condition"/>.</summary>
    private bool Advance(bool condition)
    {
        _clock.Advance(TimeSpan.FromSeconds(1));
        return condition;
    }

    private static async Task AssertAddsUpAsync(IFlowStore store, StoreWriter writer, IngestQueue queue, int added, long expectedStored)
    {
        var stored = await StoreChecks.ReadAllAsync(store, new FlowReadRequest());
        var gapped = (await store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None)).Where(g => g.Reason == FlowGapReason.DroppedWrites).Sum(g => g.Count);
        Assert.Equal(stored.Count, stored.Select(f => f.Flow.Uuid).Distinct().Count());
        Assert.Equal(expectedStored, stored.Count);
        Assert.Equal(writer.Stored, stored.Count);
        Assert.Equal(queue.Dropped, gapped);
        Assert.Equal(added, stored.Count + gapped);
    }

    private static List<StoredFlow> Flows(int count) =>
        ScenarioFlows.InStoreOrder(ScenarioFlows.Generate("sim", TimeSpan.FromSeconds(2), seed: 3)).Take(count).ToList();

    private async Task<(IFlowStore Store, InDoubtConnection Connection)> OpenAsync(string database)
    {
        var connection = new InDoubtConnection(new ClickHouseHttpConnection(ClickHouse.HttpAddress, null, null, "in-doubt test", TimeSpan.FromSeconds(30)));
        var store = await ClickHouseFlowStore.OpenAsync([connection], database, cluster: null, "in-doubt test", CancellationToken.None);
        return (store, connection);
    }
}
