using NetObs.Grafana.Instances;

namespace NetObs.Grafana;

/// <summary>The capabilities a plugin implements; a missing one answers Grafana with "not implemented".</summary>
public sealed record PluginHandlers
{
    public IQueryDataHandler? QueryData { get; init; }

    public ICheckHealthHandler? CheckHealth { get; init; }

    public ICallResourceHandler? CallResource { get; init; }

    public IStreamHandler? Stream { get; init; }

    /// <summary>Disposed when the host stops (e.g. per-data-source instances).</summary>
    public IAsyncDisposable? Owned { get; init; }

    /// <summary>Uses whichever handler interfaces <paramref name="handler"/> implements.</summary>
    public static PluginHandlers From(object handler) => new()
    {
        QueryData = handler as IQueryDataHandler,
        CheckHealth = handler as ICheckHealthHandler,
        CallResource = handler as ICallResourceHandler,
        Stream = handler as IStreamHandler,
        Owned = handler as IAsyncDisposable,
    };

    /// <summary>
    /// One <typeparamref name="TInstance"/> per data source, created on first use and re-created when its settings
    /// change; each call goes to the instance of the data source it names.
    /// </summary>
    public static PluginHandlers PerDataSource<TInstance>(Func<DataSourceSettings, TInstance> createInstance)
        where TInstance : class
    {
        var instances = new DataSourceInstances<TInstance>(createInstance);
        return new PluginHandlers
        {
            QueryData = typeof(IQueryDataHandler).IsAssignableFrom(typeof(TInstance)) ? instances : null,
            CheckHealth = typeof(ICheckHealthHandler).IsAssignableFrom(typeof(TInstance)) ? instances : null,
            CallResource = typeof(ICallResourceHandler).IsAssignableFrom(typeof(TInstance)) ? instances : null,
            Stream = typeof(IStreamHandler).IsAssignableFrom(typeof(TInstance)) ? instances : null,
            Owned = instances,
        };
    }
}
