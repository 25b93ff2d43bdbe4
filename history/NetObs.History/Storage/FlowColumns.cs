using System.Collections.Frozen;
using Cilium.Flow;

namespace NetObs.History.Storage;

/// <summary>
/// The stored columns, in table order, shared by every store: name, type and how the value is read from a flow.
/// The DDL files of each store declare exactly these columns (a test compares them).
/// </summary>
/// <remarks>
/// Enumerations are stored as their flow.proto numbers, so the columns stay small and a filter value maps to a
/// number without a name table. The column <c>flow</c> is the original message that reads return; after it come the
/// <see cref="ListSummaries"/>, added later (a store's migration appends them to the table and fills them in).
/// </remarks>
public static class FlowColumns
{
    public static FlowColumn<long> TimeNs { get; } = new("time_ns", FlowColumnType.Int64, "Flow time, nanoseconds since the Unix epoch.", f => f.TimeNs);
    public static FlowColumn<DateOnly> Day { get; } = new("day", FlowColumnType.Date, "UTC day of time_ns; the partition key.", f => FlowColumnValues.Day(f.TimeNs));
    public static FlowColumn<string> Cluster { get; } = new("cluster", FlowColumnType.String, "Cluster the flow was recorded from (the relay's name).", f => f.Cluster);
    public static FlowColumn<string> Node { get; } = new("node", FlowColumnType.String, "Node that observed the flow.", f => f.Node);
    public static FlowColumn<byte> Verdict { get; } = new("verdict", FlowColumnType.UInt8, "flow.Verdict number.", f => (byte)f.Flow.Verdict);
    public static FlowColumn<ushort> DropReason { get; } = new("drop_reason", FlowColumnType.UInt16, "flow.DropReason number (drop_reason_desc).", f => (ushort)f.Flow.DropReasonDesc);
    public static FlowColumn<byte> TrafficDirection { get; } = new("traffic_direction", FlowColumnType.UInt8, "flow.TrafficDirection number.", f => (byte)f.Flow.TrafficDirection);
    public static FlowColumn<sbyte> IsReply { get; } = new("is_reply", FlowColumnType.Int8, "1 reply, 0 request, -1 unknown.", f => f.Flow.IsReply is { } r ? (sbyte)(r ? 1 : 0) : FlowColumnValues.ReplyUnknown);
    public static FlowColumn<int> EventType { get; } = new("event_type", FlowColumnType.Int32, "Cilium monitor event type, 0 when absent.", f => f.Flow.EventType?.Type ?? 0);
    public static FlowColumn<int> EventSubType { get; } = new("event_subtype", FlowColumnType.Int32, "Cilium monitor event sub-type, 0 when absent.", f => f.Flow.EventType?.SubType ?? 0);
    public static FlowColumn<byte> IpVersion { get; } = new("ip_version", FlowColumnType.UInt8, "flow.IPVersion number, 0 without an IP layer.", f => (byte)(f.Flow.IP?.IpVersion ?? IPVersion.IpNotUsed));
    public static FlowColumn<string> SourceIp { get; } = new("source_ip", FlowColumnType.String, "Source IP address as Hubble prints it.", f => f.Flow.IP?.Source ?? string.Empty);
    public static FlowColumn<string> DestinationIp { get; } = new("destination_ip", FlowColumnType.String, "Destination IP address.", f => f.Flow.IP?.Destination ?? string.Empty);
    public static FlowColumn<string> SourceCluster { get; } = new("source_cluster", FlowColumnType.String, "Cluster name of the source endpoint.", f => f.Flow.Source?.ClusterName ?? string.Empty);
    public static FlowColumn<string> SourceNamespace { get; } = new("source_namespace", FlowColumnType.String, "Namespace of the source endpoint.", f => f.Flow.Source?.Namespace ?? string.Empty);
    public static FlowColumn<string> SourcePod { get; } = new("source_pod", FlowColumnType.String, "Pod name of the source (without namespace).", f => f.Flow.Source?.PodName ?? string.Empty);
    public static FlowColumn<IReadOnlyList<string>> SourceWorkloads { get; } = new("source_workloads", FlowColumnType.StringList, "Workload names of the source, in flow order.", f => FlowColumnValues.WorkloadNames(f.Flow.Source));
    public static FlowColumn<IReadOnlyList<string>> SourceWorkloadKinds { get; } = new("source_workload_kinds", FlowColumnType.StringList, "Workload kinds of the source, same order.", f => FlowColumnValues.WorkloadKinds(f.Flow.Source));
    public static FlowColumn<uint> SourceIdentity { get; } = new("source_identity", FlowColumnType.UInt32, "Security identity of the source.", f => f.Flow.Source?.Identity ?? 0);
    public static FlowColumn<IReadOnlyList<string>> SourceLabels { get; } = new("source_labels", FlowColumnType.StringList, "Labels of the source (source:key=value).", f => (IReadOnlyList<string>?)f.Flow.Source?.Labels ?? []);
    public static FlowColumn<IReadOnlyList<string>> SourceNames { get; } = new("source_names", FlowColumnType.StringList, "DNS names of the source IP.", f => f.Flow.SourceNames);
    public static FlowColumn<string> DestinationCluster { get; } = new("destination_cluster", FlowColumnType.String, "Cluster name of the destination endpoint.", f => f.Flow.Destination?.ClusterName ?? string.Empty);
    public static FlowColumn<string> DestinationNamespace { get; } = new("destination_namespace", FlowColumnType.String, "Namespace of the destination endpoint.", f => f.Flow.Destination?.Namespace ?? string.Empty);
    public static FlowColumn<string> DestinationPod { get; } = new("destination_pod", FlowColumnType.String, "Pod name of the destination.", f => f.Flow.Destination?.PodName ?? string.Empty);
    public static FlowColumn<IReadOnlyList<string>> DestinationWorkloads { get; } = new("destination_workloads", FlowColumnType.StringList, "Workload names of the destination.", f => FlowColumnValues.WorkloadNames(f.Flow.Destination));
    public static FlowColumn<IReadOnlyList<string>> DestinationWorkloadKinds { get; } = new("destination_workload_kinds", FlowColumnType.StringList, "Workload kinds of the destination.", f => FlowColumnValues.WorkloadKinds(f.Flow.Destination));
    public static FlowColumn<uint> DestinationIdentity { get; } = new("destination_identity", FlowColumnType.UInt32, "Security identity of the destination.", f => f.Flow.Destination?.Identity ?? 0);
    public static FlowColumn<IReadOnlyList<string>> DestinationLabels { get; } = new("destination_labels", FlowColumnType.StringList, "Labels of the destination.", f => (IReadOnlyList<string>?)f.Flow.Destination?.Labels ?? []);
    public static FlowColumn<IReadOnlyList<string>> DestinationNames { get; } = new("destination_names", FlowColumnType.StringList, "DNS names of the destination IP.", f => f.Flow.DestinationNames);
    public static FlowColumn<byte> L4Protocol { get; } = new("l4_protocol", FlowColumnType.UInt8, "Layer4 oneof number: 1 TCP, 2 UDP, 3 ICMPv4, 4 ICMPv6, 5 SCTP, 6 VRRP, 7 IGMP; 0 none.", f => FlowColumnValues.L4Protocol(f.Flow));
    public static FlowColumn<ushort> SourcePort { get; } = new("source_port", FlowColumnType.UInt16, "TCP/UDP/SCTP source port, 0 otherwise.", f => FlowColumnValues.SourcePort(f.Flow));
    public static FlowColumn<ushort> DestinationPort { get; } = new("destination_port", FlowColumnType.UInt16, "TCP/UDP/SCTP destination port, 0 otherwise.", f => FlowColumnValues.DestinationPort(f.Flow));
    public static FlowColumn<short> TcpFlags { get; } = new("tcp_flags", FlowColumnType.Int16, "TCP flag bits (see FlowColumnValues.TcpFlags), -1 without flags.", f => FlowColumnValues.TcpFlags(f.Flow));
    public static FlowColumn<byte> L7Protocol { get; } = new("l7_protocol", FlowColumnType.UInt8, "1 DNS, 2 HTTP, 3 Kafka, 0 no L7 record.", f => FlowColumnValues.L7Protocol(f.Flow));
    public static FlowColumn<byte> L7Type { get; } = new("l7_type", FlowColumnType.UInt8, "flow.L7FlowType number; 255 without an L7 layer.", f => f.Flow.L7 is { } l7 ? (byte)l7.Type : FlowColumnValues.NoL7);
    public static FlowColumn<ulong> LatencyNs { get; } = new("latency_ns", FlowColumnType.UInt64, "L7 latency in nanoseconds, 0 when unknown.", f => f.Flow.L7?.LatencyNs ?? 0);
    public static FlowColumn<string> DnsQuery { get; } = new("dns_query", FlowColumnType.String, "Queried DNS name with its trailing dot.", f => f.Flow.L7?.Dns?.Query ?? string.Empty);
    public static FlowColumn<uint> DnsRcode { get; } = new("dns_rcode", FlowColumnType.UInt32, "DNS response code number.", f => f.Flow.L7?.Dns?.Rcode ?? 0);
    public static FlowColumn<IReadOnlyList<string>> DnsQtypes { get; } = new("dns_qtypes", FlowColumnType.StringList, "DNS query types (A, AAAA, ...).", f => (IReadOnlyList<string>?)f.Flow.L7?.Dns?.Qtypes ?? []);
    public static FlowColumn<string> HttpMethod { get; } = new("http_method", FlowColumnType.String, "HTTP method.", f => f.Flow.L7?.Http?.Method ?? string.Empty);
    public static FlowColumn<uint> HttpCode { get; } = new("http_code", FlowColumnType.UInt32, "HTTP status code, 0 for requests.", f => f.Flow.L7?.Http?.Code ?? 0);
    public static FlowColumn<string> HttpPath { get; } = new("http_path", FlowColumnType.String, "Path part of the HTTP URL.", f => FlowColumnValues.HttpPath(f.Flow));
    public static FlowColumn<string> KafkaTopic { get; } = new("kafka_topic", FlowColumnType.String, "Kafka topic.", f => f.Flow.L7?.Kafka?.Topic ?? string.Empty);
    public static FlowColumn<int> KafkaErrorCode { get; } = new("kafka_error_code", FlowColumnType.Int32, "Kafka error code.", f => f.Flow.L7?.Kafka?.ErrorCode ?? 0);
    public static FlowColumn<string> KafkaApiKey { get; } = new("kafka_api_key", FlowColumnType.String, "Kafka API key (produce, fetch, ...).", f => f.Flow.L7?.Kafka?.ApiKey ?? string.Empty);
    public static FlowColumn<IReadOnlyList<string>> AllowedBy { get; } = new("allowed_by", FlowColumnType.StringList, "Policies that allowed the flow (namespace/name), ingress first.", f => FlowColumnValues.Policies(f.Flow.IngressAllowedBy, f.Flow.EgressAllowedBy));
    public static FlowColumn<IReadOnlyList<string>> DeniedBy { get; } = new("denied_by", FlowColumnType.StringList, "Policies that denied the flow (namespace/name), ingress first.", f => FlowColumnValues.Policies(f.Flow.IngressDeniedBy, f.Flow.EgressDeniedBy));
    public static FlowColumn<ReadOnlyMemory<byte>> Original { get; } = new("flow", FlowColumnType.Bytes, "The flow message exactly as it was received.", f => f.Original);

    // List summaries: the first element and the length of the workload and DNS-name lists, which the service map and the
    // workload dimensions group by. Read from the lists at every query, they cost more than the scan (DuckDB extracts
    // and hashes a list element per row); written once at ingest they are plain dictionary-compressed columns.
    public static FlowColumn<uint> SourceWorkloadCount { get; } = new("source_workload_count", FlowColumnType.UInt32, "Number of source workloads.", f => FlowColumnValues.Count(f.Flow.Source?.Workloads.Count));
    public static FlowColumn<string> SourceFirstWorkload { get; } = new("source_first_workload", FlowColumnType.String, "First source workload name, empty without one.", f => FlowColumnValues.FirstWorkload(f.Flow.Source)?.Name ?? string.Empty);
    public static FlowColumn<string> SourceFirstWorkloadKind { get; } = new("source_first_workload_kind", FlowColumnType.String, "Kind of the first source workload, empty without one.", f => FlowColumnValues.FirstWorkload(f.Flow.Source)?.Kind ?? string.Empty);
    public static FlowColumn<uint> SourceNameCount { get; } = new("source_name_count", FlowColumnType.UInt32, "Number of DNS names of the source IP.", f => FlowColumnValues.Count(f.Flow.SourceNames.Count));
    public static FlowColumn<string> SourceFirstName { get; } = new("source_first_name", FlowColumnType.String, "First DNS name of the source IP, empty without one.", f => f.Flow.SourceNames.Count > 0 ? f.Flow.SourceNames[0] : string.Empty);
    public static FlowColumn<uint> DestinationWorkloadCount { get; } = new("destination_workload_count", FlowColumnType.UInt32, "Number of destination workloads.", f => FlowColumnValues.Count(f.Flow.Destination?.Workloads.Count));
    public static FlowColumn<string> DestinationFirstWorkload { get; } = new("destination_first_workload", FlowColumnType.String, "First destination workload name, empty without one.", f => FlowColumnValues.FirstWorkload(f.Flow.Destination)?.Name ?? string.Empty);
    public static FlowColumn<string> DestinationFirstWorkloadKind { get; } = new("destination_first_workload_kind", FlowColumnType.String, "Kind of the first destination workload, empty without one.", f => FlowColumnValues.FirstWorkload(f.Flow.Destination)?.Kind ?? string.Empty);
    public static FlowColumn<uint> DestinationNameCount { get; } = new("destination_name_count", FlowColumnType.UInt32, "Number of DNS names of the destination IP.", f => FlowColumnValues.Count(f.Flow.DestinationNames.Count));
    public static FlowColumn<string> DestinationFirstName { get; } = new("destination_first_name", FlowColumnType.String, "First DNS name of the destination IP, empty without one.", f => f.Flow.DestinationNames.Count > 0 ? f.Flow.DestinationNames[0] : string.Empty);

    /// <summary>
    /// The columns that summarise a list column (its length or first element), in table order: added by a later
    /// migration, so they follow <c>flow</c> (and, in DuckDB, the block columns).
    /// </summary>
    public static IReadOnlyList<FlowColumn> ListSummaries { get; } =
    [
        SourceWorkloadCount, SourceFirstWorkload, SourceFirstWorkloadKind, SourceNameCount, SourceFirstName,
        DestinationWorkloadCount, DestinationFirstWorkload, DestinationFirstWorkloadKind, DestinationNameCount, DestinationFirstName,
    ];

    /// <summary>All columns in table order.</summary>
    public static IReadOnlyList<FlowColumn> All { get; } =
    [
        TimeNs, Day, Cluster, Node, Verdict, DropReason, TrafficDirection, IsReply, EventType, EventSubType, IpVersion,
        SourceIp, DestinationIp,
        SourceCluster, SourceNamespace, SourcePod, SourceWorkloads, SourceWorkloadKinds, SourceIdentity, SourceLabels, SourceNames,
        DestinationCluster, DestinationNamespace, DestinationPod, DestinationWorkloads, DestinationWorkloadKinds, DestinationIdentity, DestinationLabels, DestinationNames,
        L4Protocol, SourcePort, DestinationPort, TcpFlags, L7Protocol, L7Type, LatencyNs,
        DnsQuery, DnsRcode, DnsQtypes, HttpMethod, HttpCode, HttpPath, KafkaTopic, KafkaErrorCode, KafkaApiKey,
        AllowedBy, DeniedBy, Original,
        .. ListSummaries,
    ];

    private static readonly FrozenDictionary<string, FlowColumn> ByName = All.ToFrozenDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The column with this name, or null.</summary>
    public static FlowColumn? Find(string name) => ByName.GetValueOrDefault(name);
}
