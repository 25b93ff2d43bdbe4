using Cilium.Flow;

namespace NetObs.History.Storage;

/// <summary>
/// One flow as the stores keep it: where it came from (cluster, node), when (nanoseconds since the Unix
/// epoch), the parsed message the columns are read from, and the serialized bytes that a read returns unchanged.
/// </summary>
/// <remarks>
/// <see cref="Original"/> is what makes reads byte-for-byte faithful: stores keep these bytes, never a
/// re-serialization of <see cref="Flow"/>. Writers that received bytes on the wire pass them through.
/// </remarks>
public sealed record StoredFlow(string Cluster, string Node, long TimeNs, Flow Flow, ReadOnlyMemory<byte> Original)
{
    /// <summary>A stored flow whose original bytes are the flow's own serialization (imports, tests).</summary>
    public static StoredFlow From(string cluster, Flow flow)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(flow);
        return new StoredFlow(cluster, flow.NodeName, TimeOf(flow), flow, Google.Protobuf.MessageExtensions.ToByteArray(flow));
    }

    /// <summary>The flow's own time in nanoseconds since the Unix epoch; 0 when the flow carries none.</summary>
    public static long TimeOf(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        return flow.Time is { } time ? (time.Seconds * 1_000_000_000L) + time.Nanos : 0;
    }
}
