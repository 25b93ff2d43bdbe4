using Cilium.Flow;

namespace NetObs.History.Storage;

/// <summary>
/// One flow as the stores keep it: where it came from (cluster, node), when (nanoseconds since the Unix
/// epoch), the parsed message the filters read, and the serialized bytes that a read returns unchanged.
/// </summary>
/// <remarks>
/// <see cref="Original"/> is what makes reads byte-for-byte faithful: stores keep these bytes, never a
/// re-serialization of <see cref="Flow"/>. Writers that received bytes on the wire pass them through.
/// A flow the follower queues carries only its bytes: <see cref="Flow"/> is parsed from them when first asked for (a
/// live follower's filter), since the DuckDB store reads its columns from the bytes and a parsed message that waited in
/// the ingest queue cost more to collect than to build.
/// </remarks>
public sealed record StoredFlow
{
    private Flow? _flow;

    /// <summary>A stored flow with its parsed message and the bytes it was read from.</summary>
    public StoredFlow(string cluster, string node, long timeNs, Flow flow, ReadOnlyMemory<byte> original)
    {
        ArgumentNullException.ThrowIfNull(flow);
        Cluster = cluster;
        Node = node;
        TimeNs = timeNs;
        _flow = flow;
        Original = original;
    }

    /// <summary>A stored flow known by its bytes only; they must be a valid flow message (the follower checks them).</summary>
    public StoredFlow(string cluster, string node, long timeNs, ReadOnlyMemory<byte> original)
    {
        Cluster = cluster;
        Node = node;
        TimeNs = timeNs;
        Original = original;
    }

    public string Cluster { get; init; }

    public string Node { get; init; }

    public long TimeNs { get; init; }

    /// <summary>The parsed message; parsed from <see cref="Original"/> on first use when the flow was queued as bytes.</summary>
    /// <remarks>Two threads asking at once may both parse; either result is the same message.</remarks>
    public Flow Flow
    {
        get => _flow ??= Flow.Parser.ParseFrom(Original.Span);
        init => _flow = value ?? throw new ArgumentNullException(nameof(value));
    }

    public ReadOnlyMemory<byte> Original { get; init; }

    /// <summary>
    /// This flow with its parsed message at hand, without keeping the message in this instance: for the row writers when
    /// the wire reader leaves a flow's bytes to Google.Protobuf (FlowWireReader.ReadStored). Kept on the queued flows, a
    /// batch's parsed messages lived as long as the batch, through gen0 and gen1, and took the ingest's working set past
    /// 4 GB when the ClickHouse writer parsed every flow.
    /// </summary>
    public StoredFlow ParsedForOneUse() => _flow is null ? this with { Flow = Flow.Parser.ParseFrom(Original.Span) } : this;

    /// <summary>Whether this instance holds its parsed message (for tests of who keeps what).</summary>
    internal bool HoldsParsed => _flow is not null;

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

    /// <summary>Equal as before the message became lazy: same origin, time, parsed message and the same bytes' memory.</summary>
    public bool Equals(StoredFlow? other) =>
        other is not null && Cluster == other.Cluster && Node == other.Node && TimeNs == other.TimeNs && Original.Equals(other.Original)
        && Flow.Equals(other.Flow);

    public override int GetHashCode() => HashCode.Combine(Cluster, Node, TimeNs, Original);
}
