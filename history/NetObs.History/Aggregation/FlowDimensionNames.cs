namespace NetObs.History.Aggregation;

/// <summary>
/// The group-by dimension names of the query model (DESIGN.md; NetObs.Query's FlowDimensions), in the same order.
/// Aggregation queries name their dimensions with these; the names are a stable contract.
/// </summary>
public static class FlowDimensionNames
{
    public static IReadOnlyList<string> All { get; } =
    [
        "verdict", "drop_reason", "source_namespace", "destination_namespace", "source_pod", "destination_pod",
        "source_workload", "destination_workload", "source_ip", "destination_ip", "source_identity", "destination_identity",
        "node", "protocol", "source_port", "destination_port", "l7_type", "dns_query", "dns_rcode", "dns_qtype",
        "http_method", "http_status", "http_path", "kafka_topic", "kafka_error_code", "traffic_direction", "tcp_flags", "is_reply",
    ];
}
