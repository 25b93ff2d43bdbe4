namespace NetObs.Hubble.Filtering;

/// <summary>
/// Every flag the filter language accepts: the selector and filter flags of <c>hubble observe</c>
/// (cilium/cilium hubble/cmd/observe, v1.19) plus our <c>--dns</c>/<c>--http</c>/<c>--kafka</c> shorthands.
/// </summary>
public static class ObserveFlags
{
    /// <summary>All flags in documentation order.</summary>
    public static IReadOnlyList<ObserveFlag> All { get; } =
    [
        new("not", null, false, "Send the next filter flag to the denylist instead of the allowlist"),
        new("uuid", null, true, "Flow UUID"),
        new("node-name", null, true, "Node name pattern [cluster/]node, `*` allowed (e.g. aks-nodepool1-*)"),
        new("node-label", null, true, "Label selector over the node's labels"),
        new("cluster", null, true, "Cluster name of the source or the destination"),
        new("from-cluster", null, true, "Cluster name of the source"),
        new("to-cluster", null, true, "Cluster name of the destination"),
        new("protocol", null, true, "L4 or L7 protocol: icmp, icmpv4, icmpv6, tcp, udp, sctp, vrrp, igmp, dns, http, kafka"),
        new("dns", null, false, "NetObs shorthand for --protocol dns"),
        new("http", null, false, "NetObs shorthand for --protocol http"),
        new("kafka", null, false, "NetObs shorthand for --protocol kafka"),
        new("tcp-flags", null, true, "TCP flags that must all be set, comma-separated (e.g. syn,ack); repeat to OR"),
        new("type", 't', true, "Event type TYPE[:SUBTYPE]: drop, capture, trace, policy-verdict, trace-sock, l7 or a number; trace sub-types such as to-endpoint"),
        new("verdict", null, true, "Verdict: FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED"),
        new("drop-reason-desc", null, true, "Drop reason enum name, e.g. POLICY_DENIED"),
        new("http-status", null, true, "HTTP status code, full (404) or prefix (5+, 40+)"),
        new("http-method", null, true, "HTTP method (case-insensitive)"),
        new("http-path", null, true, "Regular expression over the HTTP path"),
        new("http-url", null, true, "Regular expression over the full HTTP URL"),
        new("http-header", null, true, "HTTP header key:value"),
        new("trace-id", null, true, "Trace ID of the trace context"),
        new("ip-trace-id", null, true, "IP option trace ID (a number greater than 0)"),
        new("fqdn", null, true, "DNS name pattern of the source or the destination (`*` allowed)"),
        new("from-fqdn", null, true, "DNS name pattern of the source"),
        new("to-fqdn", null, true, "DNS name pattern of the destination"),
        new("ip", null, true, "IP address or CIDR of the source or the destination"),
        new("from-ip", null, true, "IP address or CIDR of the source"),
        new("to-ip", null, true, "IP address or CIDR of the destination"),
        new("snat-ip", null, true, "Source IP or CIDR after SNAT"),
        new("ipv4", '4', false, "IPv4 flows only"),
        new("ipv6", '6', false, "IPv6 flows only"),
        new("ip-version", null, true, "IP version: 4, v4, ipv4, ip4, 6, v6, ipv6, ip6 or none"),
        new("pod", null, true, "[namespace/]pod-name-prefix of the source or the destination (no namespace means default)"),
        new("from-pod", null, true, "[namespace/]pod-name-prefix of the source"),
        new("to-pod", null, true, "[namespace/]pod-name-prefix of the destination"),
        new("namespace", 'n', true, "Namespace of the source or the destination"),
        new("from-namespace", null, true, "Namespace of the source"),
        new("to-namespace", null, true, "Namespace of the destination"),
        new("all-namespaces", 'A', false, "Any namespace on either side"),
        new("from-all-namespaces", null, false, "Any namespace on the source side"),
        new("to-all-namespaces", null, false, "Any namespace on the destination side"),
        new("label", 'l', true, "Label selector of the source or the destination (e.g. k8s:app=foo, reserved:world)"),
        new("from-label", null, true, "Label selector of the source"),
        new("to-label", null, true, "Label selector of the destination"),
        new("service", null, true, "[namespace/]service-name-prefix of the source or the destination"),
        new("from-service", null, true, "[namespace/]service-name-prefix of the source"),
        new("to-service", null, true, "[namespace/]service-name-prefix of the destination"),
        new("port", null, true, "L4 port of the source or the destination"),
        new("from-port", null, true, "L4 source port"),
        new("to-port", null, true, "L4 destination port"),
        new("workload", null, true, "Workload of the source or the destination: name, Kind/name or Kind/"),
        new("from-workload", null, true, "Workload of the source"),
        new("to-workload", null, true, "Workload of the destination"),
        new("identity", null, true, "Security identity (number or reserved name such as world, host) of the source or the destination"),
        new("from-identity", null, true, "Security identity of the source"),
        new("to-identity", null, true, "Security identity of the destination"),
        new("traffic-direction", null, true, "Traffic direction: ingress or egress"),
        new("cel-expression", null, true, "CEL expression over _flow (evaluated by a real relay only)"),
        new("interface", null, true, "Network interface name"),
        new("encrypted", null, false, "Encrypted flows only"),
        new("unencrypted", null, false, "Unencrypted flows only"),
        new("allowlist", null, true, "Raw FlowFilter JSON appended to the allowlist"),
        new("denylist", null, true, "Raw FlowFilter JSON appended to the denylist"),
        new("since", null, true, "Flows since a duration ago (30s, 5m, 1h30m) or a time (2006-01-02, RFC3339, RFC1123Z)"),
        new("until", null, true, "Flows until a duration ago or a time (ignored with --follow, as the CLI does)"),
        new("last", null, true, "Newest N flows per node"),
        new("first", null, true, "Oldest N flows per node (not with --last, --all or --follow)"),
        new("all", null, false, "All flows in the buffers"),
        new("follow", 'f', false, "Keep streaming new flows"),
    ];

    /// <summary>Finds a flag by its long name.</summary>
    public static ObserveFlag? Find(string name) => All.FirstOrDefault(f => f.Name == name);

    /// <summary>Finds a flag by its one-letter short name.</summary>
    public static ObserveFlag? FindShort(char name) => All.FirstOrDefault(f => f.Short == name);
}
