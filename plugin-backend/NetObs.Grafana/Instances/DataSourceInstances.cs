namespace NetObs.Grafana.Instances;

/// <summary>
/// Keeps one instance per data source uid and re-creates it when <c>lastUpdatedMS</c> changes, as the Go SDK's
/// instance manager does; forwards each call to the instance the call names. Every forwarded call holds a lease on
/// its instance, so an instance replaced by a settings change finishes the calls it is serving and is disposed when
/// the last of them ends, never under them.
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

    /// <summary>The number of current instances (one per data source; replaced ones still serving calls are not counted).</summary>
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

    /// <summary>The instance for the data source in <paramref name="context"/>, creating or replacing it as needed (without a lease).</summary>
    public TInstance Get(PluginContext context)
    {
        using var lease = Acquire(context);
        return lease.Instance;
    }

    /// <summary>
    /// The instance for the data source in <paramref name="context"/> with a lease: until the lease is disposed,
    /// a settings change replaces the instance for new calls but does not dispose it.
    /// </summary>
    public Lease Acquire(PluginContext context)
    {
        var settings = context.DataSource
            ?? throw new InvalidOperationException(
                "The call carries no data source settings; per-data-source handlers can only serve calls made through a data source (/api/datasources/uid/<uid>/...).");
        var key = settings.Uid.Length > 0 ? settings.Uid : $"id:{settings.Id}";
        Slot? replaced = null;
        var disposeReplaced = false;
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

            // Taken under the same lock that retires slots: a retired slot never gains a lease.
            current.Leases++;
            if (replaced is not null)
            {
                replaced.Retired = true;
                disposeReplaced = replaced.Leases == 0;
            }
        }

        if (disposeReplaced && replaced is not null)
        {
            DisposeWhenCreated(replaced);
        }

        var lease = new Lease(this, current);
        try
        {
            lease.Instance = current.Value;
            return lease;
        }
        catch
        {
            lease.Dispose();

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

    public async Task<QueryDataResponse> QueryDataAsync(QueryDataRequest request, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        return await lease.As<IQueryDataHandler>().QueryDataAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task<CheckHealthResult> CheckHealthAsync(CheckHealthRequest request, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        return await lease.As<ICheckHealthHandler>().CheckHealthAsync(request, cancellationToken).ConfigureAwait(false);
    }

    public async Task CallResourceAsync(CallResourceRequest request, IResourceResponseSender sender, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        await lease.As<ICallResourceHandler>().CallResourceAsync(request, sender, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StreamResult> SubscribeStreamAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        return await lease.As<IStreamHandler>().SubscribeStreamAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A running stream keeps its instance (and relay connection) until the stream ends.</summary>
    public async Task RunStreamAsync(StreamRequest request, IStreamPacketSender sender, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        await lease.As<IStreamHandler>().RunStreamAsync(request, sender, cancellationToken).ConfigureAwait(false);
    }

    public async Task<StreamResult> PublishStreamAsync(StreamRequest request, CancellationToken cancellationToken)
    {
        using var lease = Acquire(request.PluginContext);
        return await lease.As<IStreamHandler>().PublishStreamAsync(request, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Disposes every instance at shutdown, whether or not calls still hold it.</summary>
    public async ValueTask DisposeAsync()
    {
        List<Slot> all;
        lock (_gate)
        {
            all = [.. _instances.Values.Select(e => e.Instance)];
            _instances.Clear();
            foreach (var slot in all)
            {
                slot.Retired = true;
            }
        }

        foreach (var slot in all.Where(s => s.IsCreated && s.TryClaimDisposal()))
        {
            await DisposeInstanceAsync(slot.Value).ConfigureAwait(false);
        }
    }

    private void Release(Slot slot)
    {
        bool dispose;
        lock (_gate)
        {
            slot.Leases--;
            dispose = slot.Retired && slot.Leases == 0;
        }

        if (dispose)
        {
            DisposeWhenCreated(slot);
        }
    }

    private static void DisposeWhenCreated(Slot slot)
    {
        if (slot.IsCreated && slot.TryClaimDisposal())
        {
            _ = DisposeInstanceAsync(slot.Value);
        }
    }

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

    /// <summary>A hold on one instance: while any lease is open, a replaced instance stays undisposed.</summary>
    public sealed class Lease : IDisposable
    {
        private readonly DataSourceInstances<TInstance> _owner;
        private Slot? _slot;

        internal Lease(DataSourceInstances<TInstance> owner, Slot slot)
        {
            _owner = owner;
            _slot = slot;
        }

        /// <summary>The leased instance.</summary>
        public TInstance Instance { get; internal set; } = null!;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _slot, null) is { } slot)
            {
                _owner.Release(slot);
            }
        }

        internal T As<T>()
            where T : class =>
            Instance as T ?? throw new NotSupportedException($"{typeof(TInstance).Name} does not implement {typeof(T).Name}.");
    }

    /// <summary>Creates its instance once, on first use (Lazy&lt;T&gt; is not trim-safe for an unannotated T); counts its leases.</summary>
    internal sealed class Slot(Func<TInstance> create)
    {
        private readonly Lock _gate = new();
        private TInstance? _value;
        private int _disposalClaimed;

        /// <summary>Open leases; read and written under the owner's lock.</summary>
        public int Leases { get; set; }

        /// <summary>Replaced or shut down: disposed once <see cref="Leases"/> reaches zero.</summary>
        public bool Retired { get; set; }

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

        /// <summary>True for exactly one caller, so an instance is disposed once.</summary>
        public bool TryClaimDisposal() => Interlocked.Exchange(ref _disposalClaimed, 1) == 0;
    }
}
