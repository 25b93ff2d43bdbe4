namespace NetObs.Benchmarks;

/// <summary>Samples the managed heap every few milliseconds while a measurement runs and keeps the peak.</summary>
internal sealed class PeakMemorySampler : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _sampling;
    private long _peak;

    public PeakMemorySampler()
    {
        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        Baseline = GC.GetTotalMemory(false);
        _peak = Baseline;
        _sampling = Task.Run(async () =>
        {
            while (!_stop.IsCancellationRequested)
            {
                var now = GC.GetTotalMemory(false);
                if (now > Interlocked.Read(ref _peak))
                {
                    Interlocked.Exchange(ref _peak, now);
                }

                try
                {
                    await Task.Delay(2, _stop.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                }
            }
        });
    }

    /// <summary>Managed bytes in use before the measurement (the benchmark's own replay pool).</summary>
    public long Baseline { get; }

    public long Peak => Interlocked.Read(ref _peak);

    public void Dispose()
    {
        _stop.Cancel();
        _sampling.Wait();
        _stop.Dispose();
    }
}
