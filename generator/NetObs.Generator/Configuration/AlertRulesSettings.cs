namespace NetObs.Generator.Configuration;

/// <summary>One entry per alert the templates under alerts/ define; the YAML key is the alert name in camelCase.</summary>
public sealed record AlertRulesSettings
{
    /// <summary>DNS responses that are not No Error, as a share of all responses per namespace.</summary>
    public AlertRuleSettings DnsErrorRatioHigh { get; init; } = new();

    /// <summary>SERVFAIL and REFUSED responses as a share of all DNS responses per namespace.</summary>
    public AlertRuleSettings DnsServfailRefusedSpike { get; init; } = new();

    /// <summary>NXDOMAIN responses per second grew by more than Threshold times against their median over the past day.</summary>
    public AlertRuleSettings DnsNxdomainSurge { get; init; } = new();

    /// <summary>Share of DNS queries (not denied by policy) that got no response.</summary>
    public AlertRuleSettings DnsMissingResponses { get; init; } = new();

    /// <summary>Policy drops per second above Threshold in a namespace that had fewer than MinRate at some time during the past day.</summary>
    public AlertRuleSettings PolicyDropsAppeared { get; init; } = new();

    /// <summary>Drops per second for reasons other than policy, per namespace and reason.</summary>
    public AlertRuleSettings NonPolicyDropsHigh { get; init; } = new();

    /// <summary>Packets dropped per second on a node, per reason (policy reasons excluded).</summary>
    public AlertRuleSettings NodeDropRateHigh { get; init; } = new();

    /// <summary>Drops because the conntrack or NAT table had no room, per node.</summary>
    public AlertRuleSettings ConntrackTableFull { get; init; } = new();

    /// <summary>TCP RST packets per second per namespace.</summary>
    public AlertRuleSettings TcpResetRateHigh { get; init; } = new();

    /// <summary>Share of TCP SYNs from a namespace that saw no SYN-ACK.</summary>
    public AlertRuleSettings TcpSynWithoutSynAck { get; init; } = new();

    /// <summary>Packets per second dropped by a node's network interface (rx_dropped + tx_dropped).</summary>
    public AlertRuleSettings InterfaceDropsHigh { get; init; } = new();

    /// <summary>HTTP responses with status 5xx as a share of all HTTP requests per namespace.</summary>
    public AlertRuleSettings Http5xxRatioHigh { get; init; } = new();

    /// <summary>HTTP responses with status 4xx as a share of all HTTP requests per namespace.</summary>
    public AlertRuleSettings Http4xxRatioHigh { get; init; } = new();

    /// <summary>L7 (HTTP, Kafka, DNS) flows dropped by policy per second, per namespace.</summary>
    public AlertRuleSettings L7PolicyDrops { get; init; } = new();

    /// <summary>Kafka requests with a non-zero error code as a share of all Kafka requests per namespace and topic.</summary>
    public AlertRuleSettings KafkaErrorRatioHigh { get; init; } = new();

    /// <summary>HTTP/2 (gRPC) requests answered with a non-2xx status as a share of all HTTP/2 requests per namespace.</summary>
    public AlertRuleSettings GrpcErrorRatioHigh { get; init; } = new();

    /// <summary>Hubble events lost per second on a node (ring buffer or queue overflow).</summary>
    public AlertRuleSettings HubbleLostEvents { get; init; } = new();

    /// <summary>A cluster stopped reporting the network metrics, or reports node metrics without Hubble's (the keep-list).</summary>
    public AlertRuleSettings NetworkMetricsAbsent { get; init; } = new();

    /// <summary>Grafana only, from flows: policy-denied flows per second per destination namespace.</summary>
    public AlertRuleSettings FlowPolicyDrops { get; init; } = new();

    /// <summary>Grafana only, from flows: dropped flows per second for reasons other than policy, per reason.</summary>
    public AlertRuleSettings FlowNonPolicyDrops { get; init; } = new();

    /// <summary>Grafana only, from flows: HTTP 5xx responses per second per destination namespace.</summary>
    public AlertRuleSettings FlowHttpServerErrors { get; init; } = new();

    /// <summary>Grafana only, from flows: TCP RST flows per second per source namespace.</summary>
    public AlertRuleSettings FlowTcpResets { get; init; } = new();
}
