using System.Runtime.CompilerServices;
using System.Text;
using Cilium.Observer;
using NetObs.Hubble.FlowSources;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.TopK;

namespace NetObs.Query.Tests;

public sealed class LiveQuerySharingTests
{
    private const string TopTalkers = "{\"queryType\":\"topk\",\"groupBy\":[\"source_pod\",\"destination_pod\"],\"k\":5}";

    private static readonly QueryLimits Limits = new(DataSourceSettings.DefaultDefaultLimit, DataSourceSettings.DefaultMaxLimit);

    /// <summary>"Now" of the engine: a minute after the first test flow.</summary>
    private static readonly DateTimeOffset Now = FlowBuilder.Origin.AddMinutes(1);

    private static InMemoryRelay Relay()
    {
        var flows = Enumerable.Range(0, 60)
            .Select(i => FlowBuilder.Tcp(i, "shop", $"frontend-{i % 3}", "shop", "catalog-1", sourceWorkload: "frontend", destinationWorkload: "catalog"))
            .ToList();
        return new InMemoryRelay(flows);
    }

    private static QueryEngine Engine(InMemoryRelay relay) =>
        new(relay, Limits, QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, Time = new FixedClock(Now) });

    /// <summary>The dashboard's now-1m..now, resolved <paramref name="earlier"/> before the engine's now.</summary>
    private static QueryWindow Live(TimeSpan earlier) => new(Now - earlier - TimeSpan.FromMinutes(1), Now - earlier, TimeSpan.FromSeconds(1), 1000);

    private static Task<TopKResult> Run(QueryEngine engine, string refId, QueryWindow window) =>
        engine.RunJsonAsync(refId, TopTalkers, window, TopKQuery.RunAsync);

    [Fact]
    public async Task Viewers_whose_now_differs_by_less_than_the_tolerance_share_one_relay_scan()
    {
        var relay = Relay();
        var engine = Engine(relay);

        var first = await Run(engine, "A", Live(TimeSpan.Zero));
        var second = await Run(engine, "B", Live(TimeSpan.FromMilliseconds(400)));

        Assert.Equal(1, relay.GetFlowsCalls);
        Assert.Equal("B", second.RefId);
        Assert.Equal(first.TotalFlows, second.TotalFlows);
        Assert.Equal(first.Rows.Select(r => string.Join('/', r.Values)), second.Rows.Select(r => string.Join('/', r.Values)));
    }

    [Fact]
    public async Task Concurrent_viewers_join_the_run_in_flight()
    {
        var relay = Relay();
        var engine = Engine(relay);

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Run(engine, "A", Live(TimeSpan.FromMilliseconds(i * 100)))));

        Assert.Equal(1, relay.GetFlowsCalls);
        Assert.All(results, r => Assert.Equal(results[0].TotalFlows, r.TotalFlows));
    }

    [Fact]
    public async Task Windows_ending_further_apart_or_in_the_past_are_run_on_their_own()
    {
        var relay = Relay();
        var engine = Engine(relay);

        await Run(engine, "A", Live(TimeSpan.Zero));
        await Run(engine, "A", Live(TimeSpan.FromMilliseconds(1500)));
        Assert.Equal(2, relay.GetFlowsCalls);

        // Past windows keep exact-key caching only: two that differ by a millisecond are two scans.
        await Run(engine, "A", Live(TimeSpan.FromMinutes(5)));
        await Run(engine, "A", Live(TimeSpan.FromMinutes(5) + TimeSpan.FromMilliseconds(1)));
        Assert.Equal(4, relay.GetFlowsCalls);
    }

    [Fact]
    public async Task Without_a_cache_lifetime_nothing_is_shared()
    {
        var relay = Relay();
        var engine = new QueryEngine(relay, Limits, QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, CacheLifetime = TimeSpan.Zero, Time = new FixedClock(Now) });

        await Run(engine, "A", Live(TimeSpan.Zero));
        await Run(engine, "A", Live(TimeSpan.FromMilliseconds(10)));

        Assert.Equal(2, relay.GetFlowsCalls);
    }

    [Fact]
    public async Task A_shared_run_goes_on_while_one_viewer_waits_and_stops_when_the_last_one_leaves()
    {
        var relay = new StalledRelay();
        var engine = new QueryEngine(relay, Limits, QueryEngineOptions.Default with { GatherWindow = TimeSpan.Zero, Time = new FixedClock(Now) });
        using var first = new CancellationTokenSource();
        using var second = new CancellationTokenSource();
        var firstRun = engine.RunJsonAsync("A", TopTalkers, Live(TimeSpan.Zero), TopKQuery.RunAsync, first.Token);
        await relay.Streaming.Task.WaitAsync(TimeSpan.FromSeconds(30));
        var secondRun = engine.RunJsonAsync("A", TopTalkers, Live(TimeSpan.FromMilliseconds(200)), TopKQuery.RunAsync, second.Token);

        await first.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => firstRun);
        Assert.False(relay.Cancelled.Task.IsCompleted, "the relay stream was cancelled while a second viewer still waited for it");

        await second.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => secondRun);
        Assert.Equal(1, relay.Calls);
        await relay.Cancelled.Task.WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>A relay whose GetFlows never sends anything and reports when its caller cancels it.</summary>
    private sealed class StalledRelay : IFlowSource
    {
        public TaskCompletionSource Streaming { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Cancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Calls { get; private set; }

        public async IAsyncEnumerable<GetFlowsResponse> GetFlowsAsync(GetFlowsRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Calls++;
            Streaming.TrySetResult();
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            finally
            {
                Cancelled.TrySetResult();
            }

            yield break;
        }

        public Task<ServerStatusResponse> ServerStatusAsync(CancellationToken cancellationToken) => Task.FromResult(new ServerStatusResponse());

        public Task<GetNodesResponse> GetNodesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNodesResponse());

        public Task<GetNamespacesResponse> GetNamespacesAsync(CancellationToken cancellationToken) => Task.FromResult(new GetNamespacesResponse());
    }

    private sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => now;
    }
}
