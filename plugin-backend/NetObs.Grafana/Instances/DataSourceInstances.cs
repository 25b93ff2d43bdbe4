namespace NetObs.Grafana.Instances;

/// <summary>
/// Keeps one instance per data source uid, re-creates it when <c>lastUpdatedMS</c> changes and disposes the one it
/// replaces, as the Go SDK's instance manager does; forwards each call to the instance the call names.
/// </summary>
public sealed class DataSourceInstances<TInstance> : IQueryDataHandler, ICheckHealthHandler, ICallResourceHandler, IStreamHandler, IAsyncDisposable
    where TInstance : class
{
    private readonly Func<DataSourceSettings, TInstance> _createInstance;
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long LastUpdatedMs, Slot Instance)> _instances = [];

    public DataSourceInstances(Func<DataSourceSettings, TInstance> createInstance)
    {
        _createInstance = createInstance;
    }

    /// <summary>The number of live instances.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _instances.Count;
            }
        }
    }

    /// <summary>The instance for the data source in <paramref name="context"/>, creating or replacing it as needed.</summary>
    public TInstance Get(PluginContext context)
    {
        var settings = context.DataSource
            ?? throw new InvalidOperationException(
                "The call carries no data source settings; per-data-source handlers can only serve calls made through a data source (/api/datasources/uid/<uid>/...).");
        var key = settings.Uid.Length > 0 ? settings.Uid : $"id:{settings.Id}";
        Slot? replaced = null;
        Slot current;
        lock (_gate)
        {
            if (_instances.TryGetValue(key, out var entry) && entry.LastUpdatedMs == settings.LastUpdatedMs)
            {
                current = entry.Instance;
            }
            else
            {
                replaced = entry.Instance;
                current = new Slot(() => _createInstance(settings));
                _instances[key] = (settings.LastUpdatedMs, current);
            }
        }

        if (replaced is { IsCreated: true })
        {
            _ = DisposeInstanceAsync(replaced.Value);
        }

        try
        {
            return current.Value;
        }
        catch
        {
            // A factory failure (e.g. invalid settings) must not stick: the next call tries again.
            lock (_gate)
            {
                if (_instances.TryGetValue(key, out var entry) && ReferenceEquals(entry.Instance, current))
                {
                    _instances.Remove(key);
                }
            }

            throw;
        }
    }

    public Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken) =>
        As<IQueryDataHandler>(request.PluginContext).QueryDataAsync(request, cancellationToken);

    public Task<CheckHealthResult> CheckHealthAsync(CheckHealthRequest request, CancellationToken cancellationToken) =>
        As<ICheckHealthHandler>(request.PluginContext).CheckHealthAsync(request, cancellationToken);

    public Task CallResourceAsync(CallResourceRequest request, IResourceResponseSender sender, CancellationToken cancellationToken) =>
        As<ICallResourceHandler>(request.PluginContext).CallResourceAsync(request, sender, cancellationToken);

    public Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        As<IStreamHandler>(request.PluginContext).SubscribeStreamAsync(request, cancellationToken);

    public Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken) =>
        As<IStreamHandler>(request.PluginContext).RunStreamAsync(request, sender, cancellationToken);

    public Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken) =>
        As<IStreamHandler>(request.PluginContext).PublishStreamAsync(request, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        List<Slot> all;
        lock (_gate)
        {
            all = [.. _instances.Values.Select(e => e.Instance)];
            _instances.Clear();
        }

        foreach (var instance in all.Where(i => i.IsCreated))
        {
            await DisposeInstanceAsync(instance.Value).ConfigureAwait(false);
        }
    }

    private T As<T>(PluginContext context)
        where T : class =>
        Get(context) as T ?? throw new NotSupportedException($"{typeof(TInstance).Name} does not implement {typeof(T).Name}.");

    private static async Task DisposeInstanceAsync(TInstance instance)
    {
        switch (instance)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    /// <summary>Creates its instance once, on first use (Lazy&lt;T&gt; is not trim-safe for an unannotated T).</summary>
    private sealed class Slot(Func<TInstance> create)
    {
        private readonly Lock _gate = new();
        private TInstance? _value;

        public bool IsCreated => Volatile.Read(ref _value) is not null;

        public TInstance Value
        {
            get
            {
                if (Volatile.Read(ref _value) is { } created)
                {
                    return created;
                }

                lock (_gate)
                {
                    return _value ??= create();
                }
            }
        }
    }
}
