using System.Globalization;
using Cilium.Flow;

namespace NetObs.Query.Flows;

/// <summary>Reads the text values of a flow that tables, labels and group keys show.</summary>
public sealed class FlowText
{
    // Why a per-reader cache: ports, identities and codes repeat across millions of flows, and
    // formatting each one anew would allocate a string per flow on the aggregation hot path.
    private readonly Dictionary<uint, string> _numbers = [];

    public string Number(uint value)
    {
        if (!_numbers.TryGetValue(value, out var text))
        {
            text = value.ToString(CultureInfo.InvariantCulture);
            if (_numbers.Count < 200_000)
            {
                _numbers[value] = text;
            }
        }

        return text;
    }

    /// <summary>A signed code (Kafka's error codes go down to -1): non-negative ones share the cache.</summary>
    public string SignedNumber(int value) => value >= 0 ? Number((uint)value) : value.ToString(CultureInfo.InvariantCulture);

    public static string NamespacedPod(Endpoint? endpoint) =>
        endpoint is null || endpoint.PodName.Length == 0 ? string.Empty
        : endpoint.Namespace.Length == 0 ? endpoint.PodName
        : string.Concat(endpoint.Namespace, "/", endpoint.PodName);

    public static string WorkloadName(Endpoint? endpoint) =>
        endpoint is null || endpoint.Workloads.Count == 0 ? string.Empty : endpoint.Workloads[0].Name;

    public static string NamespacedWorkload(Endpoint? endpoint)
    {
        var name = WorkloadName(endpoint);
        return name.Length == 0 ? string.Empty
            : endpoint!.Namespace.Length == 0 ? name
            : string.Concat(endpoint.Namespace, "/", name);
    }

    /// <summary>The L7 protocol name when there is an L7 record, else the L4 protocol name, in the spelling of Hubble's metrics.</summary>
    public static string Protocol(Flow flow)
    {
        switch (flow.L7?.RecordCase)
        {
            case Layer7.RecordOneofCase.Dns:
                return "DNS";
            case Layer7.RecordOneofCase.Http:
                return "HTTP";
            case Layer7.RecordOneofCase.Kafka:
                return "Kafka";
            default:
                break;
        }

        return L4Protocol(flow);
    }

    public static string L4Protocol(Flow flow) => flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => "TCP",
        Layer4.ProtocolOneofCase.UDP => "UDP",
        Layer4.ProtocolOneofCase.ICMPv4 => "ICMPv4",
        Layer4.ProtocolOneofCase.ICMPv6 => "ICMPv6",
        Layer4.ProtocolOneofCase.SCTP => "SCTP",
        Layer4.ProtocolOneofCase.VRRP => "VRRP",
        Layer4.ProtocolOneofCase.IGMP => "IGMP",
        _ => string.Empty,
    };

    public static uint SourcePort(Flow flow) => flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => flow.L4.TCP.SourcePort,
        Layer4.ProtocolOneofCase.UDP => flow.L4.UDP.SourcePort,
        Layer4.ProtocolOneofCase.SCTP => flow.L4.SCTP.SourcePort,
        _ => 0,
    };

    public static uint DestinationPort(Flow flow) => flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP => flow.L4.TCP.DestinationPort,
        Layer4.ProtocolOneofCase.UDP => flow.L4.UDP.DestinationPort,
        Layer4.ProtocolOneofCase.SCTP => flow.L4.SCTP.DestinationPort,
        _ => 0,
    };

    /// <summary>TCP flags joined with commas in the order Hubble prints them (hubble-api.md §2.5).</summary>
    public static string TcpFlags(Flow flow)
    {
        var flags = flow.L4?.TCP?.Flags;
        if (flags is null)
        {
            return string.Empty;
        }

        // Most flows carry one of a handful of combinations; these avoid building a string.
        return (flags.SYN, flags.ACK, flags.RST, flags.FIN, flags.PSH, flags.URG, flags.ECE, flags.CWR, flags.NS) switch
        {
            (false, false, false, false, false, false, false, false, false) => string.Empty,
            (true, false, false, false, false, false, false, false, false) => "SYN",
            (true, true, false, false, false, false, false, false, false) => "SYN,ACK",
            (false, true, false, false, false, false, false, false, false) => "ACK",
            (false, false, true, false, false, false, false, false, false) => "RST",
            (false, true, true, false, false, false, false, false, false) => "ACK,RST",
            (false, true, false, true, false, false, false, false, false) => "ACK,FIN",
            (false, true, false, false, true, false, false, false, false) => "ACK,PSH",
            _ => JoinFlags(flags),
        };
    }

    private static string JoinFlags(TCPFlags flags)
    {
        var parts = new List<string>(9);
        if (flags.SYN) { parts.Add("SYN"); }
        if (flags.ACK) { parts.Add("ACK"); }
        if (flags.RST) { parts.Add("RST"); }
        if (flags.FIN) { parts.Add("FIN"); }
        if (flags.PSH) { parts.Add("PSH"); }
        if (flags.URG) { parts.Add("URG"); }
        if (flags.ECE) { parts.Add("ECE"); }
        if (flags.CWR) { parts.Add("CWR"); }
        if (flags.NS) { parts.Add("NS"); }
        return string.Join(',', parts);
    }

    /// <summary>The DNS response code mnemonic (RFC 1035/6895 names), empty for requests.</summary>
    public static string DnsRcode(Flow flow)
    {
        var l7 = flow.L7;
        if (l7?.Dns is null || l7.Type != L7FlowType.Response)
        {
            return string.Empty;
        }

        return l7.Dns.Rcode switch
        {
            0 => "NOERROR",
            1 => "FORMERR",
            2 => "SERVFAIL",
            3 => "NXDOMAIN",
            4 => "NOTIMP",
            5 => "REFUSED",
            6 => "YXDOMAIN",
            7 => "YXRRSET",
            8 => "NXRRSET",
            9 => "NOTAUTH",
            10 => "NOTZONE",
            var other => other.ToString(CultureInfo.InvariantCulture),
        };
    }

    public static string DnsQtypes(Flow flow)
    {
        var qtypes = flow.L7?.Dns?.Qtypes;
        return qtypes is null || qtypes.Count == 0 ? string.Empty
            : qtypes.Count == 1 ? qtypes[0]
            : string.Join(',', qtypes);
    }

    /// <summary>The path part of an HTTP URL (no scheme, host or query), as Hubble's http_path filter sees it.</summary>
    /// <summary>
    /// The grpc-status header of an HTTP response. Cilium's proxy logs response headers, not trailers
    /// (cilium/proxy cilium/accesslog.cc, UpdateFromResponse), so only trailers-only replies, which gRPC sends for
    /// calls that fail before any message, carry it; a streamed success keeps its status in the trailers.
    /// </summary>
    public static string GrpcStatus(Flow flow)
    {
        if (flow.L7 is not { Type: L7FlowType.Response, Http: { } http })
        {
            return string.Empty;
        }

        for (var i = 0; i < http.Headers.Count; i++)
        {
            if (string.Equals(http.Headers[i].Key, "grpc-status", StringComparison.OrdinalIgnoreCase))
            {
                return http.Headers[i].Value;
            }
        }

        return string.Empty;
    }

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

    /// <summary>True when the flow is an L7 response that failed: HTTP 5xx/4xx, a DNS error code, a Kafka error.</summary>
    public static bool IsL7Error(Flow flow)
    {
        var l7 = flow.L7;
        if (l7 is null)
        {
            return false;
        }

        return l7.RecordCase switch
        {
            Layer7.RecordOneofCase.Http => l7.Http.Code >= 400,
            Layer7.RecordOneofCase.Dns => l7.Type == L7FlowType.Response && l7.Dns.Rcode != 0,
            Layer7.RecordOneofCase.Kafka => l7.Kafka.ErrorCode != 0,
            _ => false,
        };
    }

    public static string IsReply(Flow flow) => flow.IsReply switch
    {
        true => "true",
        false => "false",
        null => string.Empty,
    };
}
