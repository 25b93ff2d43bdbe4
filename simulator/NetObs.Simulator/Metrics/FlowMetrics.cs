using System.Text;
using Cilium.Flow;

namespace NetObs.Simulator.Metrics;

/// <summary>
/// Counts every flow the simulator stores into the metric families a cluster with ACNS exposes:
/// Hubble's pod-level `hubble_*` families with the ACNS contexts (hubble-api.md §6.1-6.2) and Retina's
/// node-level `networkobservability_*` families. Every series carries `cluster` and `instance` (the node).
/// </summary>
public sealed class FlowMetrics
{
    // Prometheus client default buckets, which Hubble's duration histograms use.
    private static readonly double[] DurationBuckets = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

    private readonly HubbleMetricNames _names = new();
    private readonly string _constantLabels;

    public FlowMetrics(string clusterName)
    {
        ClusterName = clusterName;
        _constantLabels = $"cluster=\"{clusterName}\"";
        FlowsProcessed = Family("hubble_flows_processed_total", "Total number of flows processed", MetricKind.Counter,
            "instance", "source", "destination", "protocol", "type", "subtype", "verdict");
        Drops = Family("hubble_drop_total", "Number of drops", MetricKind.Counter, "instance", "source", "destination", "reason", "protocol");
        TcpFlags = Family("hubble_tcp_flags_total", "TCP flag occurrences", MetricKind.Counter, "instance", "source", "destination", "flag", "family");
        DnsQueries = Family("hubble_dns_queries_total", "Number of DNS queries observed", MetricKind.Counter,
            "instance", "source", "destination", "query", "rcode", "qtypes", "ips_returned");
        DnsResponses = Family("hubble_dns_responses_total", "Number of DNS responses observed", MetricKind.Counter,
            "instance", "source", "destination", "query", "rcode", "qtypes", "ips_returned");
        DnsResponseTypes = Family("hubble_dns_response_types_total", "Number of DNS response types", MetricKind.Counter,
            "instance", "source", "destination", "query", "type", "qtypes");
        HttpRequests = Family("hubble_http_requests_total", "Count of HTTP requests", MetricKind.Counter,
            "instance", "source", "destination", "method", "protocol", "status", "reporter");
        HttpDuration = Family("hubble_http_request_duration_seconds", "Quantiles of HTTP request duration in seconds", MetricKind.Histogram,
            DurationBuckets, "instance", "source", "destination", "method", "reporter");
        KafkaRequests = Family("hubble_kafka_requests_total", "Count of Kafka requests", MetricKind.Counter,
            "instance", "source", "destination", "topic", "api_key", "error_code", "reporter");
        KafkaDuration = Family("hubble_kafka_request_duration_seconds", "Quantiles of Kafka request duration in seconds", MetricKind.Histogram,
            DurationBuckets, "instance", "source", "destination", "topic", "api_key", "reporter");
        LostEvents = Family("hubble_lost_events_total", "Number of lost events", MetricKind.Counter, "instance", "source");
        ForwardCount = Family("networkobservability_forward_count", "Total forwarded packets", MetricKind.Gauge, "instance", "direction");
        ForwardBytes = Family("networkobservability_forward_bytes", "Total forwarded bytes", MetricKind.Gauge, "instance", "direction");
        DropCount = Family("networkobservability_drop_count", "Total dropped packets", MetricKind.Gauge, "instance", "reason", "direction");
        DropBytes = Family("networkobservability_drop_bytes", "Total dropped bytes", MetricKind.Gauge, "instance", "reason", "direction");
        TcpConnectionStats = Family("networkobservability_tcp_connection_stats", "TCP connection statistics", MetricKind.Gauge,
            "instance", "statistic_name");
        InterfaceStats = Family("networkobservability_interface_stats", "Interface statistics", MetricKind.Gauge,
            "instance", "interface_name", "statistic_name");
        DnsRequestCount = Family("networkobservability_dns_request_count", "DNS requests by query", MetricKind.Gauge,
            "instance", "query_type", "query");
        DnsResponseCount = Family("networkobservability_dns_response_count", "DNS responses by query", MetricKind.Gauge,
            "instance", "return_code", "query_type", "query", "response", "num_response");
    }

    public string ClusterName { get; }

    /// <summary>Held by the writer while it stores a batch and by the scrape while it renders.</summary>
    public Lock Sync { get; } = new();

    public List<MetricFamily> Families { get; } = [];

    public MetricFamily FlowsProcessed { get; }

    public MetricFamily Drops { get; }

    public MetricFamily TcpFlags { get; }

    public MetricFamily DnsQueries { get; }

    public MetricFamily DnsResponses { get; }

    public MetricFamily DnsResponseTypes { get; }

    public MetricFamily HttpRequests { get; }

    public MetricFamily HttpDuration { get; }

    public MetricFamily KafkaRequests { get; }

    public MetricFamily KafkaDuration { get; }

    public MetricFamily LostEvents { get; }

    public MetricFamily ForwardCount { get; }

    public MetricFamily ForwardBytes { get; }

    public MetricFamily DropCount { get; }

    public MetricFamily DropBytes { get; }

    public MetricFamily TcpConnectionStats { get; }

    public MetricFamily InterfaceStats { get; }

    public MetricFamily DnsRequestCount { get; }

    public MetricFamily DnsResponseCount { get; }

    /// <summary>Counts one flow observed on <paramref name="instance"/>; call with <see cref="Sync"/> held.</summary>
    public void Record(Flow flow, string instance)
    {
        var protocol = HubbleMetricNames.Protocol(flow);
        var verdict = _names.VerdictName(flow.Verdict);
        var (source, destination) = _names.Context(flow);
        FlowsProcessed.Add(new LabelValues(instance, source, destination, protocol,
            HubbleMetricNames.EventTypeName(flow), HubbleMetricNames.EventSubTypeName(flow), verdict));

        if (flow.Verdict == Verdict.Dropped)
        {
            Drops.Add(new LabelValues(instance, source, destination, _names.DropReasonName(flow.DropReasonDesc), protocol));
        }

        if (flow.Verdict == Verdict.Forwarded && flow.L4?.TCP?.Flags is { } flags)
        {
            var family = flow.IP?.IpVersion == IPVersion.Ipv6 ? "IPv6" : "IPv4";
            if (flags.SYN)
            {
                TcpFlags.Add(new LabelValues(instance, source, destination, flags.ACK ? "SYN-ACK" : "SYN", family));
            }

            if (flags.FIN)
            {
                TcpFlags.Add(new LabelValues(instance, source, destination, "FIN", family));
            }

            if (flags.RST)
            {
                TcpFlags.Add(new LabelValues(instance, source, destination, "RST", family));
            }
        }

        if (flow.L7 is { } l7)
        {
            RecordL7(flow, l7, instance);
        }
        else if (flow.Type == FlowType.L3L4)
        {
            RecordNode(flow, instance);
        }
    }

    /// <summary>Counts a lost-events record the way hubble_lost_events_total labels its source.</summary>
    public void RecordLost(LostEvent lost, string instance) =>
        LostEvents.Add(new LabelValues(instance, lost.Source switch
        {
            LostEventSource.PerfEventRingBuffer => "perf_event_ring_buffer",
            LostEventSource.ObserverEventsQueue => "observer_events_queue",
            LostEventSource.HubbleRingBuffer => "hubble_ring_buffer",
            _ => "unknown",
        }), lost.NumEventsLost);

    /// <summary>The Prometheus text exposition of every family.</summary>
    public string Render()
    {
        var output = new StringBuilder(64 * 1024);
        lock (Sync)
        {
            foreach (var family in Families)
            {
                family.WriteTo(output, _constantLabels);
            }
        }

        return output.ToString();
    }

    private void RecordL7(Flow flow, Layer7 l7, string instance)
    {
        var reporter = flow.TrafficDirection switch
        {
            TrafficDirection.Egress => "client",
            TrafficDirection.Ingress => "server",
            _ => "unknown",
        };
        var isReply = flow.IsReply == true;
        switch (l7.RecordCase)
        {
            case Layer7.RecordOneofCase.Dns:
                {
                    var dns = l7.Dns;
                    // Cilium's dns handler labels every DNS flow with its own context (GetLabelValues in
                    // cilium/cilium pkg/hubble/metrics/dns/handler.go), and the DNS proxy records both flows at the
                    // asking pod's egress with the response's endpoints swapped (notifyOnDNSMsg in daemon/cmd/fqdn.go:
                    // "The observation point is always Egress"). So a request counts with source = the asking pod and a
                    // response with source = the server that answered (CoreDNS), empty for a server outside the
                    // cluster; with ACNS's egress/ingress contexts `destination` stays empty on both.
                    var (source, destination) = _names.Context(flow);
                    var qtypes = dns.Qtypes.Count == 1 ? dns.Qtypes[0] : string.Join(",", dns.Qtypes);
                    if (flow.Verdict == Verdict.Dropped)
                    {
                        // Hubble counts a policy-denied lookup as a query with rcode "Policy denied".
                        DnsQueries.Add(new LabelValues(instance, source, destination, dns.Query, "Policy denied", qtypes, "0"));
                    }
                    else if (!isReply)
                    {
                        DnsQueries.Add(new LabelValues(instance, source, destination, dns.Query, "", qtypes, "0"));
                    }
                    else
                    {
                        DnsResponses.Add(new LabelValues(instance, source, destination, dns.Query,
                            Scenarios.DnsRcodeNames.Name(dns.Rcode), qtypes, _names.Number(dns.Ips.Count)));
                        foreach (var rrtype in dns.Rrtypes)
                        {
                            DnsResponseTypes.Add(new LabelValues(instance, source, destination, dns.Query, rrtype, qtypes));
                        }
                    }

                    RecordNodeDns(flow, dns, instance, isReply, qtypes);
                    break;
                }

            case Layer7.RecordOneofCase.Http when l7.Type == L7FlowType.Response:
                {
                    // httpV2 counts responses only, with Cilium's inverted context (see InvertedContext).
                    var http = l7.Http;
                    var (source, destination) = _names.InvertedContext(flow);
                    HttpRequests.Add(new LabelValues(instance, source, destination, http.Method, http.Protocol, _names.Number(http.Code), reporter));
                    HttpDuration.Observe(new LabelValues(instance, source, destination, http.Method, reporter), l7.LatencyNs / 1e9);
                    break;
                }

            case Layer7.RecordOneofCase.Kafka when l7.Type == L7FlowType.Request:
                {
                    var kafka = l7.Kafka;
                    var (source, destination) = _names.Context(flow);
                    KafkaRequests.Add(new LabelValues(instance, source, destination, kafka.Topic, kafka.ApiKey, _names.Number(kafka.ErrorCode), reporter));
                    KafkaDuration.Observe(new LabelValues(instance, source, destination, kafka.Topic, kafka.ApiKey, reporter), l7.LatencyNs / 1e9);
                    break;
                }
        }
    }

    private void RecordNodeDns(Flow flow, DNS dns, string instance, bool isReply, string qtypes)
    {
        if (!isReply)
        {
            DnsRequestCount.Add(new LabelValues(instance, qtypes, dns.Query));
            return;
        }

        // Retina's return codes as its standard DNS dashboard matches them (dashboards-and-alerts.md §2.2).
        var returnCode = dns.Rcode switch
        {
            Scenarios.DnsRcodeNames.NoError => "NoError",
            Scenarios.DnsRcodeNames.FormatError => "formerr",
            Scenarios.DnsRcodeNames.ServerFailure => "servfail",
            Scenarios.DnsRcodeNames.NonExistentDomain => "nxdomain",
            Scenarios.DnsRcodeNames.NotImplemented => "notimp",
            Scenarios.DnsRcodeNames.Refused => "refused",
            _ => "unknown",
        };
        DnsResponseCount.Add(new LabelValues(instance, returnCode, qtypes, dns.Query,
            dns.Ips.Count == 0 ? "" : string.Join(",", dns.Ips), _names.Number(dns.Ips.Count)));
    }

    private void RecordNode(Flow flow, string instance)
    {
        var direction = flow.TrafficDirection switch
        {
            TrafficDirection.Ingress => "ingress",
            TrafficDirection.Egress => "egress",
            _ => "unknown",
        };
        var bytes = PacketBytes(flow);
        if (flow.Verdict == Verdict.Forwarded)
        {
            ForwardCount.Add(new LabelValues(instance, direction));
            ForwardBytes.Add(new LabelValues(instance, direction), bytes);
            InterfaceStats.Add(new LabelValues(instance, "eth0", flow.TrafficDirection == TrafficDirection.Ingress ? "rx_packets" : "tx_packets"));
            if (flow.L4?.TCP?.Flags?.RST == true)
            {
                TcpConnectionStats.Add(new LabelValues(instance, "resetcount"));
            }
        }
        else if (flow.Verdict == Verdict.Dropped)
        {
            var reason = RetinaDropReason(flow.DropReasonDesc);
            DropCount.Add(new LabelValues(instance, reason, direction));
            DropBytes.Add(new LabelValues(instance, reason, direction), bytes);
        }
    }

    /// <summary>Retina's basic drop reasons, the inverse of its mapping onto Hubble drop reasons.</summary>
    private static string RetinaDropReason(DropReason reason) => reason switch
    {
        DropReason.PolicyDenied or DropReason.PolicyDeny => "IPTABLE_RULE_DROP",
        DropReason.SnatNoMapFound or DropReason.NoMappingForNatMasquerade or DropReason.UnsupportedProtocolForNatMasquerade => "IPTABLE_NAT_DROP",
        DropReason.CtMapInsertionFailed or DropReason.CtNoMapFound or DropReason.UnknownConnectionTrackingState => "CONNTRACK_ADD_DROP",
        _ => "UNKNOWN_DROP",
    };

    /// <summary>
    /// Flows carry no packet length, so bytes are a fixed function of the flow: headers only for
    /// control segments, a port-derived payload for data, a typical size for UDP and ICMP.
    /// </summary>
    public static int PacketBytes(Flow flow) => flow.L4?.ProtocolCase switch
    {
        Layer4.ProtocolOneofCase.TCP when flow.L4.TCP.Flags?.PSH == true =>
            66 + (int)((flow.L4.TCP.SourcePort * 31 + flow.L4.TCP.DestinationPort) % 1400),
        Layer4.ProtocolOneofCase.TCP => flow.L4.TCP.Flags?.SYN == true ? 74 : 66,
        Layer4.ProtocolOneofCase.UDP => 120,
        Layer4.ProtocolOneofCase.ICMPv4 or Layer4.ProtocolOneofCase.ICMPv6 => 98,
        _ => 64,
    };

    private MetricFamily Family(string name, string help, MetricKind kind, params string[] labels) => Family(name, help, kind, null, labels);

    private MetricFamily Family(string name, string help, MetricKind kind, double[]? buckets, params string[] labels)
    {
        var family = new MetricFamily(name, help, kind, labels, buckets);
        Families.Add(family);
        return family;
    }
}
