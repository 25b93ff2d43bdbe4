using NetObs.Grafana.Instances;

namespace NetObs.Grafana.Tests;

public sealed class DataSourceInstancesTests
{
    private sealed class Tracked(DataSourceSettings settings) : IDisposable
    {
        public DataSourceSettings Settings { get; } = settings;

        public bool Disposed { get; private set; }

        public void Dispose() => Disposed = true;
    }

    private static PluginContext Context(string uid, long lastUpdatedMs) =>
        new() { DataSource = new DataSourceSettings { Uid = uid, LastUpdatedMs = lastUpdatedMs } };

    [Fact]
    public void Same_uid_and_lastUpdated_reuse_the_instance_and_a_change_replaces_and_disposes_it()
    {
        var instances = new DataSourceInstances<Tracked>(s => new Tracked(s));

        var first = instances.Get(Context("a", 1));
        var again = instances.Get(Context("a", 1));
        var updated = instances.Get(Context("a", 2));

        Assert.Same(first, again);
        Assert.NotSame(first, updated);
        Assert.True(first.Disposed);
        Assert.False(updated.Disposed);
        Assert.Equal(2, updated.Settings.LastUpdatedMs);
        Assert.Equal(1, instances.Count);
    }

    /// <summary>Answers each query when the test releases it, and records whether it was disposed before that.</summary>
    private sealed class Gated(DataSourceSettings settings) : IQueryDataHandler, IDisposable
    {
        public DataSourceSettings Settings { get; } = settings;

        public TaskCompletionSource Release { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public TaskCompletionSource Disposed { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public int Running;

        public async Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Running);
            await Release.Task.WaitAsync(cancellationToken);

            // A disposed instance would have torn down its relay connection under this query.
            var answer = Disposed.Task.IsCompleted ? DataResponse.Failure("disposed under the query", ErrorSource.Plugin, 500) : DataResponse.Success([]);
            return new QueryDataResponse(new Dictionary<string, DataResponse> { [request.Queries[0].RefId] = answer });
        }

        public void Dispose() => Disposed.TrySetResult();
    }

    private static QueryDataRequest QueryRequest(string uid, long lastUpdatedMs, string refId) =>
        new(Context(uid, lastUpdatedMs), new Dictionary<string, string>(), [new DataQuery { RefId = refId }]);

    [Fact]
    public async Task A_settings_change_lets_running_queries_finish_on_the_old_instance_and_disposes_it_after_the_last()
    {
        var created = new List<Gated>();
        var instances = new DataSourceInstances<Gated>(s =>
        {
            var instance = new Gated(s);
            lock (created)
            {
                created.Add(instance);
            }

            return instance;
        });

        var running = Enumerable.Range(0, 4).Select(i => instances.QueryDataAsync(QueryRequest("a", 1, $"Q{i}"), CancellationToken.None)).ToList();
        var old = created.Single();
        Assert.Equal(4, old.Running);

        // The data source is re-saved while the four queries run: the next call gets a new instance at once.
        var resaved = instances.Get(Context("a", 2));
        Assert.NotSame(old, resaved);
        Assert.False(old.Disposed.Task.IsCompleted);

        old.Release.SetResult();
        var answers = await Task.WhenAll(running);

        Assert.All(answers, a => Assert.Null(a.Responses.Values.Single().Error));
        await old.Disposed.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.False(resaved.Disposed.Task.IsCompleted);
        Assert.Equal(1, instances.Count);
    }

    [Fact]
    public async Task A_replaced_instance_stays_alive_while_one_lease_is_open_and_not_after()
    {
        var instances = new DataSourceInstances<Tracked>(s => new Tracked(s));

        var first = instances.Acquire(Context("a", 1));
        var second = instances.Acquire(Context("a", 1));
        _ = instances.Get(Context("a", 2));

        first.Dispose();
        Assert.False(second.Instance.Disposed);
        second.Dispose();
        Assert.True(second.Instance.Disposed);

        // Disposing a lease twice releases it once.
        second.Dispose();
        await instances.DisposeAsync();
    }

    [Fact]
    public async Task Each_data_source_has_its_own_instance_and_dispose_releases_all()
    {
        var instances = new DataSourceInstances<Tracked>(s => new Tracked(s));

        var a = instances.Get(Context("a", 1));
        var b = instances.Get(Context("b", 1));
        await instances.DisposeAsync();

        Assert.NotSame(a, b);
        Assert.True(a.Disposed);
        Assert.True(b.Disposed);
        Assert.Equal(0, instances.Count);
    }

    [Fact]
    public void Failed_creation_is_not_cached()
    {
        var attempts = 0;
        var instances = new DataSourceInstances<Tracked>(s => ++attempts == 1 ? throw new FormatException("bad jsonData") : new Tracked(s));

        Assert.Throws<FormatException>(() => instances.Get(Context("a", 1)));
        var second = instances.Get(Context("a", 1));

        Assert.Equal(2, attempts);
        Assert.NotNull(second);
    }

    [Fact]
    public void Call_without_data_source_settings_is_refused_with_an_explanation()
    {
        var instances = new DataSourceInstances<Tracked>(s => new Tracked(s));

        var error = Assert.Throws<InvalidOperationException>(() => instances.Get(new PluginContext()));

        Assert.Contains("no data source settings", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Per_data_source_handlers_expose_only_the_capabilities_the_instance_implements()
    {
        var handlers = PluginHandlers.PerDataSource(s => new Tracked(s));

        Assert.Null(handlers.QueryData);
        Assert.Null(handlers.Stream);
        Assert.NotNull(handlers.Owned);
    }
}
