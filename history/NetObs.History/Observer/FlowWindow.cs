using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.History.Observer;

/// <summary>The time bounds of a GetFlows request in nanoseconds since the Unix epoch (inclusive).</summary>
public sealed class FlowWindow(GetFlowsRequest request)
{
    /// <summary>Earliest time; 0 without <c>since</c>.</summary>
    public long SinceNs { get; } = request.Since is { } since ? Nanos(since) : 0;

    /// <summary>Latest time; <see cref="long.MaxValue"/> without <c>until</c>.</summary>
    public long UntilNs { get; } = request.Until is { } until ? Nanos(until) : long.MaxValue;

    /// <summary>Whether a flow time lies inside the window.</summary>
    public bool Contains(long timeNs) => timeNs >= SinceNs && timeNs <= UntilNs;

    /// <summary>Nanoseconds since the Unix epoch.</summary>
    public static long Nanos(Timestamp time)
    {
        ArgumentNullException.ThrowIfNull(time);
        return (time.Seconds * 1_000_000_000L) + time.Nanos;
    }

    /// <summary>A timestamp from nanoseconds since the Unix epoch.</summary>
    public static Timestamp ToTimestamp(long nanos) => new() { Seconds = Math.DivRem(nanos, 1_000_000_000L, out var rest), Nanos = (int)rest };
}
