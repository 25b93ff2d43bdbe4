namespace NetObs.Grafana.SamplePlugin;

/// <summary>Numbers data source instances in creation order, so tests can see when an instance was re-created.</summary>
internal sealed class InstanceGenerations
{
    private int _last;

    public int Next() => Interlocked.Increment(ref _last);
}
