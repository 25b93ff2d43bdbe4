namespace NetObs.History.Storage.Wire;

/// <summary>Where a string's UTF-8 bytes are in the flow message; the default is the empty string.</summary>
internal readonly record struct Utf8Slice(int Offset, int Length)
{
    public ReadOnlySpan<byte> In(ReadOnlySpan<byte> message) => message.Slice(Offset, Length);
}

/// <summary>A policy's <c>namespace</c> and <c>name</c>, stored as <c>namespace/name</c> (or <c>name</c>).</summary>
internal readonly record struct PolicySlice(Utf8Slice Namespace, Utf8Slice Name);

/// <summary>A workload's <c>name</c> and <c>kind</c>.</summary>
internal readonly record struct WorkloadSlice(Utf8Slice Name, Utf8Slice Kind);

/// <summary>
/// The column values of one flow as <see cref="FlowWireReader"/> reads them from the message's bytes: numbers as the
/// columns store them, strings as slices of the message. One instance is reused for every flow a writer appends.
/// </summary>
/// <remarks>
/// Each field holds what <see cref="FlowColumns"/> reads from the parsed flow; the differential test
/// (FlowWireReaderTests) holds the two equal, so a new column is a field here, its case in the reader and its line in
/// the row writer.
/// </remarks>
internal sealed class FlowRowValues
{
    public byte Verdict;
    public ushort DropReason;
    public byte TrafficDirection;
    public sbyte IsReply;
    public int EventType;
    public int EventSubType;
    public byte IpVersion;
    public Utf8Slice SourceIp;
    public Utf8Slice DestinationIp;
    public readonly EndpointValues Source = new();
    public readonly EndpointValues Destination = new();
    public readonly List<Utf8Slice> SourceNames = [];
    public readonly List<Utf8Slice> DestinationNames = [];

    /// <summary>Layer4 oneof number, 0 without an L4 layer (FlowColumnValues.L4Protocol).</summary>
    public byte L4Protocol;
    public ushort SourcePort;
    public ushort DestinationPort;
    public short TcpFlags;

    /// <summary>True when the flow has an L7 layer, even an empty one (l7_type is 255 without).</summary>
    public bool HasL7;
    public byte L7Protocol;
    public byte L7Type;
    public ulong LatencyNs;
    public Utf8Slice DnsQuery;
    public uint DnsRcode;
    public readonly List<Utf8Slice> DnsQtypes = [];
    public Utf8Slice HttpMethod;
    public uint HttpCode;
    public Utf8Slice HttpUrl;
    public Utf8Slice KafkaTopic;
    public int KafkaErrorCode;
    public Utf8Slice KafkaApiKey;
    public readonly List<PolicySlice> IngressAllowedBy = [];
    public readonly List<PolicySlice> EgressAllowedBy = [];
    public readonly List<PolicySlice> IngressDeniedBy = [];
    public readonly List<PolicySlice> EgressDeniedBy = [];

    /// <summary>Back to the values of an empty flow.</summary>
    public void Clear()
    {
        Verdict = 0;
        DropReason = 0;
        TrafficDirection = 0;
        IsReply = FlowColumnValues.ReplyUnknown;
        EventType = 0;
        EventSubType = 0;
        IpVersion = 0;
        SourceIp = default;
        DestinationIp = default;
        Source.Clear();
        Destination.Clear();
        SourceNames.Clear();
        DestinationNames.Clear();
        ClearL4(0);
        HasL7 = false;
        L7Type = 0;
        LatencyNs = 0;
        ClearL7Record(0);
        IngressAllowedBy.Clear();
        EgressAllowedBy.Clear();
        IngressDeniedBy.Clear();
        EgressDeniedBy.Clear();
    }

    /// <summary>A oneof member other than the current one replaces it: the values of the old member go.</summary>
    public void ClearL4(byte protocol)
    {
        L4Protocol = protocol;
        SourcePort = 0;
        DestinationPort = 0;
        TcpFlags = FlowColumnValues.NoTcpFlags;
    }

    /// <summary>Likewise for Layer7's record oneof.</summary>
    public void ClearL7Record(byte protocol)
    {
        L7Protocol = protocol;
        DnsQuery = default;
        DnsRcode = 0;
        DnsQtypes.Clear();
        HttpMethod = default;
        HttpCode = 0;
        HttpUrl = default;
        KafkaTopic = default;
        KafkaErrorCode = 0;
        KafkaApiKey = default;
    }
}

/// <summary>The column values of a source or destination endpoint.</summary>
internal sealed class EndpointValues
{
    public Utf8Slice ClusterName;
    public Utf8Slice Namespace;
    public Utf8Slice PodName;
    public uint Identity;
    public readonly List<Utf8Slice> Labels = [];
    public readonly List<WorkloadSlice> Workloads = [];

    public void Clear()
    {
        ClusterName = default;
        Namespace = default;
        PodName = default;
        Identity = 0;
        Labels.Clear();
        Workloads.Clear();
    }
}
