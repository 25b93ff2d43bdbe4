using Cilium.Flow;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Storage;

/// <summary>How column values are derived from a flow where it takes more than reading one field.</summary>
public static class FlowColumnValues
{
    /// <summary>The value of <c>is_reply</c> when the flow does not say (drops carry none).</summary>
    public const sbyte ReplyUnknown = -1;

    /// <summary>The value of <c>tcp_flags</c> for flows without TCP flags, so "has flags" stays a plain comparison.</summary>
    public const short NoTcpFlags = -1;

    /// <summary>The value of <c>l7_type</c> for flows without an L7 layer, distinct from an L7 layer of unknown type.</summary>
    public const byte NoL7 = 255;

    /// <summary>Bits of <c>tcp_flags</c> in flow.proto's field order (<see cref="TcpFlagNames.Bits"/>).</summary>
    public static short TcpFlags(Flow flow) => flow.L4?.TCP?.Flags is { } flags ? (short)TcpFlagNames.Bits(flags) : NoTcpFlags;

    /// <summary>The TCP flag bits a TCPFlags filter requires.</summary>
    public static short TcpFlagBits(TCPFlags flags) => (short)TcpFlagNames.Bits(flags);

    /// <summary>Layer 4 protocol: flow.proto's Layer4 oneof field number (1 TCP … 7 IGMP), 0 when none.</summary>
    public static byte L4Protocol(Flow flow) => (byte)(flow.L4?.ProtocolCase ?? Layer4.ProtocolOneofCase.None);

    /// <summary>Layer 7 record: 1 DNS, 2 HTTP, 3 Kafka, 0 when none.</summary>
    public static byte L7Protocol(Flow flow) => flow.L7?.RecordCase switch
    {
        Layer7.RecordOneofCase.Dns => 1,
        Layer7.RecordOneofCase.Http => 2,
        Layer7.RecordOneofCase.Kafka => 3,
        _ => 0,
    };

    /// <summary>The L7 record an <c>l7_protocol</c> value stands for.</summary>
    public static Layer7.RecordOneofCase L7Record(long stored) => stored switch
    {
        1 => Layer7.RecordOneofCase.Dns,
        2 => Layer7.RecordOneofCase.Http,
        3 => Layer7.RecordOneofCase.Kafka,
        _ => Layer7.RecordOneofCase.None,
    };

    public static ushort SourcePort(Flow flow) => (ushort)FlowText.SourcePort(flow);

    public static ushort DestinationPort(Flow flow) => (ushort)FlowText.DestinationPort(flow);

    /// <summary>The path part of an HTTP URL, as Hubble's http_path filter sees it (<see cref="FlowText.HttpPath"/>).</summary>
    public static string HttpPath(Flow flow) => FlowText.HttpPath(flow);

    /// <summary>Policy names as <c>namespace/name</c> (or <c>name</c>), ingress ones first.</summary>
    public static IReadOnlyList<string> Policies(Google.Protobuf.Collections.RepeatedField<Policy> ingress, Google.Protobuf.Collections.RepeatedField<Policy> egress)
    {
        if (ingress.Count + egress.Count == 0)
        {
            return [];
        }

        var names = new string[ingress.Count + egress.Count];
        var i = 0;
        foreach (var policy in ingress)
        {
            names[i++] = PolicyName(policy);
        }

        foreach (var policy in egress)
        {
            names[i++] = PolicyName(policy);
        }

        return names;
    }

    public static string PolicyName(Policy policy) =>
        policy.Namespace.Length == 0 ? policy.Name : string.Concat(policy.Namespace, "/", policy.Name);

    public static IReadOnlyList<string> WorkloadNames(Endpoint? endpoint) =>
        endpoint is null || endpoint.Workloads.Count == 0 ? [] : endpoint.Workloads.Select(w => w.Name).ToArray();

    public static IReadOnlyList<string> WorkloadKinds(Endpoint? endpoint) =>
        endpoint is null || endpoint.Workloads.Count == 0 ? [] : endpoint.Workloads.Select(w => w.Kind).ToArray();

    /// <summary>The first workload of an endpoint, or null without one (the list summaries' source).</summary>
    public static Workload? FirstWorkload(Endpoint? endpoint) => endpoint is { Workloads.Count: > 0 } ? endpoint.Workloads[0] : null;

    /// <summary>A list length as a list summary stores it, 0 without a list.</summary>
    public static uint Count(int? count) => (uint)(count ?? 0);

    /// <summary>The UTC day of a time, the partition of the row.</summary>
    public static DateOnly Day(long timeNs) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(Math.Max(timeNs, 0) / 100));
}
