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
