using System.Globalization;
using Cilium.Flow;

namespace NetObs.Hubble.FlowValues;

/// <summary>Reads the text values of a flow that tables, labels and group keys show.</summary>
public sealed class FlowText
{
    // Why a per-reader cache: ports, identities and codes repeat across millions of flows, and
    // formatting each one anew would allocate a string per flow on the aggregation hot path.
    private readonly Dictionary<uint, string> _numbers = [];
    private readonly Dictionary<string, string> _clusters = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Namespace, string Name), string> _policies = [];

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

    /// <summary>The cluster of a node name (<see cref="NodeClusterName"/>), cached: a few nodes name millions of flows.</summary>
    public string Cluster(string nodeName)
    {
        if (!_clusters.TryGetValue(nodeName, out var cluster))
        {
            cluster = NodeClusterName.Of(nodeName);
            if (_clusters.Count < 10_000)
            {
                _clusters[nodeName] = cluster;
            }
        }

        return cluster;
    }

    /// <summary>
    /// The policies that denied the flow (ingress_denied_by, then egress_denied_by) as <c>namespace/name</c>, joined with
    /// commas like every list-valued dimension, so a flow counts once; empty when no policy denied it.
    /// </summary>
    public string DeniedByPolicies(Flow flow)
    {
        var ingress = flow.IngressDeniedBy;
        var egress = flow.EgressDeniedBy;
        var count = ingress.Count + egress.Count;
        if (count == 0)
        {
            return string.Empty;
        }

        if (count == 1)
        {
            return PolicyName(ingress.Count == 1 ? ingress[0] : egress[0]);
        }

        return string.Join(',', ingress.Concat(egress).Select(PolicyName));
    }

    /// <summary>A policy as <c>namespace/name</c> (the bare name for a cluster-wide policy), cached: a few policies deny millions of flows.</summary>
    public string PolicyName(Policy policy)
    {
        var key = (policy.Namespace, policy.Name);
        if (!_policies.TryGetValue(key, out var name))
        {
            // As the history server stores it (denied_by column), so both paths group by the same text.
            name = policy.Namespace.Length == 0 ? policy.Name : string.Concat(policy.Namespace, "/", policy.Name);
            if (_policies.Count < 10_000)
            {
                _policies[key] = name;
            }
        }

        return name;
    }

    /// <summary>
    /// All DNS names Hubble knows for the destination IP (flow.destination_names), joined with commas in Hubble's order,
    /// so a flow to an address with several names counts once; empty when no lookup named it.
    /// </summary>
    public static string DestinationNames(Flow flow)
    {
        var names = flow.DestinationNames;
        return names.Count == 0 ? string.Empty
            : names.Count == 1 ? names[0]
            : string.Join(',', names);
    }

    /// <summary><c>namespace/name</c>, the bare name without a namespace, empty without a name.</summary>
    public static string Namespaced(string ns, string name) =>
        name.Length == 0 ? string.Empty : ns.Length == 0 ? name : string.Concat(ns, "/", name);

    public static string NamespacedPod(Endpoint? endpoint) =>
        endpoint is null ? string.Empty : Namespaced(endpoint.Namespace, endpoint.PodName);

    public static string WorkloadName(Endpoint? endpoint) =>
        endpoint is null || endpoint.Workloads.Count == 0 ? string.Empty : endpoint.Workloads[0].Name;

    public static string NamespacedWorkload(Endpoint? endpoint) =>
        endpoint is null ? string.Empty : Namespaced(endpoint.Namespace, WorkloadName(endpoint));

    /// <summary>The L7 protocol name when there is an L7 record, else the L4 protocol name, in the spelling of Hubble's metrics.</summary>
    public static string Protocol(Flow flow) =>
        ProtocolNames.Of(flow.L7?.RecordCase ?? Layer7.RecordOneofCase.None, flow.L4?.ProtocolCase ?? Layer4.ProtocolOneofCase.None);

    public static string L4Protocol(Flow flow) => ProtocolNames.L4(flow.L4?.ProtocolCase ?? Layer4.ProtocolOneofCase.None);

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
    public static string TcpFlags(Flow flow) => flow.L4?.TCP?.Flags is { } flags ? TcpFlagNames.Text(TcpFlagNames.Bits(flags)) : string.Empty;

    /// <summary>The DNS response code mnemonic (RFC 1035/6895 names), empty for requests.</summary>
    public static string DnsRcode(Flow flow)
    {
        var l7 = flow.L7;
        return l7?.Dns is null || l7.Type != L7FlowType.Response ? string.Empty : DnsRcodeNames.Of(l7.Dns.Rcode);
    }

    public static string DnsQtypes(Flow flow)
    {
        var qtypes = flow.L7?.Dns?.Qtypes;
        return qtypes is null || qtypes.Count == 0 ? string.Empty
            : qtypes.Count == 1 ? qtypes[0]
            : string.Join(',', qtypes);
    }

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

    /// <summary>The path part of an HTTP URL (no scheme, host, query or fragment), as Hubble's http_path filter sees it.</summary>
    public static string HttpPath(Flow flow)
    {
        var url = flow.L7?.Http?.Url;
        if (string.IsNullOrEmpty(url))
        {
            return string.Empty;
        }

        return UrlPath.Find(url.AsSpan(), ':', '/', '?', '#') is { } path
            ? (path.Start.Value == 0 && path.End.Value == url.Length ? url : url[path])
            : "/";
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
