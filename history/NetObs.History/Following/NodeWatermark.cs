namespace NetObs.History.Following;

/// <summary>
/// Where one node's stored flows end: the newest time and the bytes of every flow stored at exactly that
/// nanosecond, so that a flow the relay sends again at the boundary is recognised and dropped.
/// </summary>
public sealed class NodeWatermark
{
    private readonly List<ReadOnlyMemory<byte>> _atNewest = [];

    public NodeWatermark(long newestNs, IEnumerable<ReadOnlyMemory<byte>> atNewest)
    {
        ArgumentNullException.ThrowIfNull(atNewest);
        NewestNs = newestNs;
        _atNewest.AddRange(atNewest);
    }

    /// <summary>Time of the newest stored flow of the node, nanoseconds since the Unix epoch.</summary>
    public long NewestNs { get; private set; }

    /// <summary>True when the flow is older than the watermark or byte-for-byte one stored at it.</summary>
    public bool AlreadyHas(long timeNs, ReadOnlySpan<byte> original)
    {
        if (timeNs != NewestNs)
        {
            return timeNs < NewestNs;
        }

        foreach (var stored in _atNewest)
        {
            if (original.SequenceEqual(stored.Span))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Moves the watermark to an accepted flow; the relay sends each node's flows in time order.</summary>
    public void Advance(long timeNs, ReadOnlyMemory<byte> original)
    {
        if (timeNs > NewestNs)
        {
            NewestNs = timeNs;
            _atNewest.Clear();
        }

        _atNewest.Add(original);
    }
}
