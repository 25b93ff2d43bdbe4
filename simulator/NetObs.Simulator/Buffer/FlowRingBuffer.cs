using Cilium.Flow;

namespace NetObs.Simulator.Buffer;

/// <summary>
/// A node's Hubble ring buffer: one writer, any number of lock-free readers. A reader detects that its
/// slot was overwritten by comparing the slot's sequence with the one it asked for, as Hubble's
/// readers detect that the writer lapped them.
/// </summary>
public sealed class FlowRingBuffer
{
    private readonly BufferedEvent?[] _slots;
    private long _written;

    public FlowRingBuffer(int capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _slots = new BufferedEvent?[capacity];
    }

    public int Capacity => _slots.Length;

    /// <summary>Everything ever written; the next write gets this sequence.</summary>
    public long Written => Volatile.Read(ref _written);

    /// <summary>The oldest sequence still held.</summary>
    public long Oldest => Math.Max(0, Written - _slots.Length);

    public int Count => (int)Math.Min(Written, _slots.Length);

    public long WriteFlow(long timeUnixNanos, Flow flow) => Write(timeUnixNanos, flow, null);

    public long WriteLost(long timeUnixNanos, LostEvent lost) => Write(timeUnixNanos, null, lost);

    /// <summary>The event at <paramref name="sequence"/>, or null when it is not yet written or already overwritten.</summary>
    public BufferedEvent? Read(long sequence)
    {
        if (sequence < 0 || sequence >= Written)
        {
            return null;
        }

        var slot = Volatile.Read(ref _slots[sequence % _slots.Length]);
        return slot is not null && slot.Sequence == sequence ? slot : null;
    }

    private long Write(long timeUnixNanos, Flow? flow, LostEvent? lost)
    {
        var sequence = _written;
        Volatile.Write(ref _slots[sequence % _slots.Length], new BufferedEvent(sequence, timeUnixNanos, flow, lost));
        Volatile.Write(ref _written, sequence + 1);
        return sequence;
    }
}
