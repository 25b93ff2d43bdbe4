namespace NetObs.History.Following;

/// <summary>
/// Where one node's stored flows end: the newest time and the bytes of every flow stored at exactly that
/// nanosecond, so that a flow the relay sends again at the boundary is recognised and dropped.
/// </summary>
/// <remarks>
/// The bytes are copied into buffers the watermark reuses, not kept as the flow's memory: a flow read off the wire
/// lives in a receive slab shared with a few hundred other messages (<see cref="MessageSlab"/>), and a slice of it
/// would keep the whole slab alive for as long as the node stays idle. The copy costs one memory copy per flow and,
/// once the buffers have grown to the node's largest flow, no allocation.
/// </remarks>
public sealed class NodeWatermark
{
    private readonly List<byte[]> _buffers = [];
    private readonly List<int> _lengths = [];

    public NodeWatermark(long newestNs, IEnumerable<ReadOnlyMemory<byte>> atNewest)
    {
        ArgumentNullException.ThrowIfNull(atNewest);
        NewestNs = newestNs;
        foreach (var original in atNewest)
        {
            Keep(original.Span);
        }
    }

    /// <summary>Time of the newest stored flow of the node, nanoseconds since the Unix epoch.</summary>
    public long NewestNs { get; private set; }

    /// <summary>How many flows are stored at <see cref="NewestNs"/> exactly.</summary>
    public int FlowsAtNewest => _lengths.Count;

    /// <summary>True when the flow is older than the watermark or byte-for-byte one stored at it.</summary>
    public bool AlreadyHas(long timeNs, ReadOnlySpan<byte> original)
    {
        if (timeNs != NewestNs)
        {
            return timeNs < NewestNs;
        }

        for (var i = 0; i < _lengths.Count; i++)
        {
            if (original.SequenceEqual(_buffers[i].AsSpan(0, _lengths[i])))
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
            _lengths.Clear();
        }

        Keep(original.Span);
    }

    private void Keep(ReadOnlySpan<byte> original)
    {
        var index = _lengths.Count;
        if (index == _buffers.Count)
        {
            _buffers.Add(new byte[original.Length]);
        }
        else if (_buffers[index].Length < original.Length)
        {
            _buffers[index] = new byte[original.Length];
        }

        original.CopyTo(_buffers[index]);
        _lengths.Add(original.Length);
    }
}
