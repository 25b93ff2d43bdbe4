namespace NetObs.History.Storage;

/// <summary>
/// <see cref="IFlowStore.ContainsAsync"/> answered by reading back each cluster's flows over the keys' time range and
/// comparing keys: true for any store, for those with no cheaper way (DuckDB, whose writes never end in doubt).
/// </summary>
public static class StoredFlowLookup
{
    /// <summary>Which of <paramref name="keys"/> <paramref name="store"/> holds, read through its ReadAsync.</summary>
    public static async Task<IReadOnlyList<bool>> ContainsAsync(IFlowStore store, IReadOnlyList<StoredFlowKey> keys, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(keys);
        var found = new HashSet<StoredFlowKey>();
        foreach (var cluster in keys.GroupBy(k => k.Cluster))
        {
            var request = new FlowReadRequest { SinceNs = cluster.Min(k => k.TimeNs), UntilNs = cluster.Max(k => k.TimeNs), Clusters = [cluster.Key] };
            await foreach (var flow in store.ReadAsync(request, cancellationToken).ConfigureAwait(false))
            {
                found.Add(StoredFlowKey.Of(flow));
            }
        }

        return keys.Select(found.Contains).ToList();
    }
}
