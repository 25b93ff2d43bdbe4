using Cilium.Flow;

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

    /// <summary>Bits of <c>tcp_flags</c> in flow.proto's field order: FIN=1, SYN=2, RST=4, PSH=8, ACK=16, URG=32, ECE=64, CWR=128, NS=256.</summary>
    public static short TcpFlags(Flow flow)
    {
        if (flow.L4?.TCP?.Flags is not { } flags)
        {
            return NoTcpFlags;
        }

        return (short)((flags.FIN ? 1 : 0) | (flags.SYN ? 2 : 0) | (flags.RST ? 4 : 0) | (flags.PSH ? 8 : 0) | (flags.ACK ? 16 : 0)
            | (flags.URG ? 32 : 0) | (flags.ECE ? 64 : 0) | (flags.CWR ? 128 : 0) | (flags.NS ? 256 : 0));
    }

    /// <summary>The TCP flag bits a TCPFlags filter requires.</summary>
    public static short TcpFlagBits(TCPFlags flags) => TcpFlags(new Flow { L4 = new Layer4 { TCP = new TCP { Flags = flags } } });

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

    public static ushort SourcePort(Flow flow) => (ushort)(flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => flow.L4.TCP.SourcePort,
        Layer4.ProtocolOneofCase.UDP => flow.L4.UDP.SourcePort,
        Layer4.ProtocolOneofCase.SCTP => flow.L4.SCTP.SourcePort,
        _ => 0u,
    });

    public static ushort DestinationPort(Flow flow) => (ushort)(flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => flow.L4.TCP.DestinationPort,
        Layer4.ProtocolOneofCase.UDP => flow.L4.UDP.DestinationPort,
        Layer4.ProtocolOneofCase.SCTP => flow.L4.SCTP.DestinationPort,
        _ => 0u,
    });

    /// <summary>The path part of an HTTP URL (no scheme, host, query or fragment), as Hubble's http_path filter sees it.</summary>
    public static string HttpPath(Flow flow)
    {
        var url = flow.L7?.Http?.Url;
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        var start = 0;
        var scheme = url.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var slash = url.IndexOf('/', scheme + 3);
            if (slash < 0)
            {
                return "/";
            }

            start = slash;
        }

        var end = url.IndexOfAny(['?', '#'], start);
        return end < 0 ? (start == 0 ? url : url[start..]) : url[start..end];
    }

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

    /// <summary>The UTC day of a time, the partition of the row.</summary>
    public static DateOnly Day(long timeNs) => DateOnly.FromDateTime(DateTime.UnixEpoch.AddTicks(Math.Max(timeNs, 0) / 100));
}
