namespace NetObs.History.Storage;

/// <summary>
/// Where the stored flows of one cluster end, so that a follower resumes without duplicates: it asks the relay
/// for flows since <see cref="NewestNs"/> and skips those whose bytes are among <see cref="FlowsAtNewest"/>
/// (several flows can share the newest nanosecond).
/// </summary>
public sealed record StoredPosition(string Cluster, long NewestNs, IReadOnlyList<ReadOnlyMemory<byte>> FlowsAtNewest)
{
    /// <summary>The position of a cluster with no stored flows.</summary>
    public static StoredPosition Empty(string cluster) => new(cluster, 0, []);

    /// <summary>True when <paramref name="original"/> is byte-for-byte one of the flows stored at the newest time.</summary>
    public bool AlreadyStored(long timeNs, ReadOnlySpan<byte> original)
    {
        if (timeNs < NewestNs)
        {
            return true;
        }

        if (timeNs > NewestNs)
        {
            return false;
        }

        foreach (var stored in FlowsAtNewest)
        {
            if (stored.Span.SequenceEqual(original))
            {
                return true;
            }
        }

        return false;
    }
}
