using Cilium.Flow;
using NetObs.Simulator.Buffer;

namespace NetObs.Simulator.Observer;

/// <summary>Something a node reader produced: a stored event, or a lost-events notice of its own.</summary>
public readonly record struct ReadItem(long TimeUnixNanos, int NodeIndex, long Sequence, BufferedEvent? Event, LostEvent? ReaderLost)
{
    public static int Compare(ReadItem a, ReadItem b)
    {
        var byTime = a.TimeUnixNanos.CompareTo(b.TimeUnixNanos);
        if (byTime != 0)
        {
            return byTime;
        }

        var byNode = a.NodeIndex.CompareTo(b.NodeIndex);
        return byNode != 0 ? byNode : a.Sequence.CompareTo(b.Sequence);
    }
}
