using Cilium.Flow;

namespace NetObs.Simulator.Buffer;

/// <summary>One ring-buffer slot: a flow, or a lost-events record, with its time and its position on the node.</summary>
public sealed class BufferedEvent
{
    private byte[]? _encoded;

    public BufferedEvent(long sequence, long timeUnixNanos, Flow? flow, LostEvent? lost)
    {
        Sequence = sequence;
        TimeUnixNanos = timeUnixNanos;
        Flow = flow;
        Lost = lost;
    }

    /// <summary>Position in the node's history; slot = sequence % capacity.</summary>
    public long Sequence { get; }

    public long TimeUnixNanos { get; }

    public Flow? Flow { get; }

    public LostEvent? Lost { get; }

    /// <summary>The flow's GetFlowsResponse bytes, filled by the first reader that sends it unmasked.</summary>
    public byte[]? Encoded
    {
        get => Volatile.Read(ref _encoded);
        set => Volatile.Write(ref _encoded, value);
    }
}
