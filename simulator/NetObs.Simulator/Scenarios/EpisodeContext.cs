using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.Simulator.Scenarios;

/// <summary>What a scenario sees while it expands one episode: the clock, the dice, the cluster and the output.</summary>
public sealed class EpisodeContext
{
    private readonly Action<long, int, Flow> _schedule;

    public EpisodeContext(ClusterModel cluster, DeterministicRandom random, FlowFactory flows, Action<long, int, Flow> schedule)
    {
        Cluster = cluster;
        Random = random;
        Flows = flows;
        _schedule = schedule;
    }

    public ClusterModel Cluster { get; }

    public DeterministicRandom Random { get; }

    public FlowFactory Flows { get; }

    /// <summary>Episode start relative to the simulator's start; negative while back-filling.</summary>
    public long OffsetNanos { get; internal set; }

    public long StartUnixNanos { get; internal set; }

    public int Emitted { get; internal set; }

    /// <summary>True while the episode falls inside [from, to) of a repeating period, counted from the simulator's start.</summary>
    public bool InWindow(TimeSpan period, TimeSpan from, TimeSpan to)
    {
        var periodNanos = period.Ticks * 100;
        var position = ((OffsetNanos % periodNanos) + periodNanos) % periodNanos;
        return position >= from.Ticks * 100 && position < to.Ticks * 100;
    }

    /// <summary>Schedules a flow <paramref name="delayNanos"/> after the episode start, observed on <paramref name="node"/>.</summary>
    public void Emit(long delayNanos, SimulatedNode node, Flow flow)
    {
        var time = StartUnixNanos + delayNanos;
        flow.Time = new Timestamp { Seconds = time / 1_000_000_000, Nanos = (int)(time % 1_000_000_000) };
        flow.Uuid = NextUuid();
        Emitted++;
        _schedule(time, node.Index, flow);
    }

    private string NextUuid()
    {
        Span<byte> bytes = stackalloc byte[16];
        BitConverter.TryWriteBytes(bytes, Random.NextUInt64());
        BitConverter.TryWriteBytes(bytes[8..], Random.NextUInt64());
        bytes[7] = (byte)((bytes[7] & 0x0F) | 0x40);
        bytes[8] = (byte)((bytes[8] & 0x3F) | 0x80);
        return new Guid(bytes).ToString();
    }
}
