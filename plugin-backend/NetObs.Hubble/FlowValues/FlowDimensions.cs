using System.Collections.Frozen;
using Cilium.Flow;
using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.FlowValues;

/// <summary>The catalog of group-by dimensions named in DESIGN.md's query model; names are a stable contract.</summary>
public static class FlowDimensions
{
    /// <summary>All dimensions in documentation order.</summary>
    public static IReadOnlyList<FlowDimension> All { get; } =
    [
        new("verdict", "Hubble verdict name, e.g. FORWARDED, DROPPED.", ["verdict"], (f, _) => ProtoEnumNames.Of(f.Verdict)),
        new("drop_reason", "Drop reason name for dropped flows, e.g. POLICY_DENIED; empty otherwise.", ["verdict", "drop_reason_desc"],
            (f, _) => f.Verdict == Verdict.Dropped ? ProtoEnumNames.Of(f.DropReasonDesc) : string.Empty),
        new("denied_by_policy", "Policies that denied the flow (ingress_denied_by, then egress_denied_by) as namespace/name, comma-joined; empty when none did.",
            ["ingress_denied_by", "egress_denied_by"], (f, t) => t.DeniedByPolicies(f)),
        new("source_namespace", "Namespace of the source endpoint.", ["source.namespace"], (f, _) => f.Source?.Namespace ?? string.Empty),
        new("destination_namespace", "Namespace of the destination endpoint.", ["destination.namespace"], (f, _) => f.Destination?.Namespace ?? string.Empty),
        new("source_pod", "namespace/pod of the source.", ["source.namespace", "source.pod_name"], (f, _) => FlowText.NamespacedPod(f.Source)),
        new("destination_pod", "namespace/pod of the destination.", ["destination.namespace", "destination.pod_name"], (f, _) => FlowText.NamespacedPod(f.Destination)),
        new("source_workload", "namespace/workload of the source (first workload).", ["source.namespace", "source.workloads"], (f, _) => FlowText.NamespacedWorkload(f.Source)),
        new("destination_workload", "namespace/workload of the destination.", ["destination.namespace", "destination.workloads"], (f, _) => FlowText.NamespacedWorkload(f.Destination)),
        new("source_ip", "Source IP address.", ["IP.source"], (f, _) => f.IP?.Source ?? string.Empty),
        new("destination_ip", "Destination IP address.", ["IP.destination"], (f, _) => f.IP?.Destination ?? string.Empty),
        new("destination_names", "DNS names Hubble knows for the destination IP (destination_names, from the lookups Cilium's DNS proxy saw), comma-joined; empty when none.",
            ["destination_names"], (f, _) => FlowText.DestinationNames(f)),
        new("source_identity", "Numeric security identity of the source.", ["source.identity"], (f, t) => t.Number(f.Source?.Identity ?? 0)),
        new("destination_identity", "Numeric security identity of the destination.", ["destination.identity"], (f, t) => t.Number(f.Destination?.Identity ?? 0)),
        new("cluster", "Cluster of the node that observed the flow: the prefix of its cluster/node name, \"default\" for a bare node name.", ["node_name"], (f, t) => t.Cluster(f.NodeName)),
        new("node", "Node that observed the flow.", ["node_name"], (f, _) => f.NodeName),
        new("protocol", "DNS, HTTP or Kafka for L7 flows, else TCP, UDP, ICMPv4, ICMPv6, SCTP, VRRP or IGMP.", ["l4", "l7"], (f, _) => FlowText.Protocol(f)),
        new("source_port", "TCP/UDP/SCTP source port.", ["l4"], (f, t) => t.Number(FlowText.SourcePort(f))),
        new("destination_port", "TCP/UDP/SCTP destination port.", ["l4"], (f, t) => t.Number(FlowText.DestinationPort(f))),
        new("l7_type", "REQUEST, RESPONSE or SAMPLE for L7 flows; empty otherwise.", ["l7.type"], (f, _) => f.L7 is null ? string.Empty : ProtoEnumNames.Of(f.L7.Type)),
        new("dns_query", "Queried name, with its trailing dot.", ["l7.dns.query"], (f, _) => f.L7?.Dns?.Query ?? string.Empty),
        new("dns_rcode", "DNS response code mnemonic (NOERROR, NXDOMAIN, SERVFAIL, REFUSED, ...) of responses.", ["l7.type", "l7.dns.rcode", "l7.dns.query"], (f, _) => FlowText.DnsRcode(f)),
        new("dns_qtype", "Query types, comma-joined (A, AAAA, ...).", ["l7.dns.qtypes"], (f, _) => FlowText.DnsQtypes(f)),
        new("http_method", "HTTP method.", ["l7.http.method"], (f, _) => f.L7?.Http?.Method ?? string.Empty),
        new("http_status", "HTTP status code of responses.", ["l7.http.code"], (f, t) => f.L7?.Http is { Code: > 0 } http ? t.Number(http.Code) : string.Empty),
        new("http_path", "Path part of the HTTP URL.", ["l7.http.url"], (f, _) => FlowText.HttpPath(f)),
        new("grpc_status", "gRPC status code a response carries in its headers (a trailers-only reply: calls that fail before any message); empty otherwise.", ["l7.type", "l7.http.headers"], (f, _) => FlowText.GrpcStatus(f)),
        new("kafka_topic", "Kafka topic.", ["l7.kafka.topic"], (f, _) => f.L7?.Kafka?.Topic ?? string.Empty),
        new("kafka_error_code", "Kafka error code the proxy recorded (0: none, 29: TOPIC_AUTHORIZATION_FAILED, ...); empty for other flows.", ["l7.kafka.error_code"], (f, t) => f.L7?.Kafka is { } kafka ? t.SignedNumber(kafka.ErrorCode) : string.Empty),
        new("traffic_direction", "INGRESS or EGRESS.", ["traffic_direction"], (f, _) => ProtoEnumNames.Of(f.TrafficDirection)),
        new("tcp_flags", "TCP flags, comma-joined in Hubble's order (SYN,ACK,RST,FIN,PSH,...).", ["l4.TCP.flags"], (f, _) => FlowText.TcpFlags(f)),
        new("is_reply", "true, false, or empty when unknown (e.g. drops).", ["is_reply"], (f, _) => FlowText.IsReply(f)),
    ];

    private static readonly FrozenDictionary<string, FlowDimension> ByName = All.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out FlowDimension dimension) => ByName.TryGetValue(name, out dimension!);

    /// <summary>The known name closest to <paramref name="name"/>, for "did you mean" hints; null when nothing is close.</summary>
    public static string? Suggest(string name) => SpellingSuggestion.Closest(name, ByName.Keys);
}
