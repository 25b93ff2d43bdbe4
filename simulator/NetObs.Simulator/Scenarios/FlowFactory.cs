using System.Globalization;
using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// Builds flows the way Hubble's parsers fill them (hubble-api.md §2.4-2.5). Sub-messages that never
/// change (flags, event types, endpoints) are built once and shared read-only between flows, which
/// keeps the per-flow allocation to the Flow, its timestamp and its L4 header.
/// </summary>
public sealed class FlowFactory
{
    // Monitor event type numbers (pkg/monitor/api/types.go via hubble-api.md §2.4).
    private const int MonitorDrop = 1;
    private const int MonitorTrace = 4;
    private const int MonitorL7 = 129;

    private readonly Dictionary<TcpFlagSet, TCPFlags> _flags = [];
    private readonly Dictionary<TcpFlagSet, string> _summaries = [];
    private readonly Dictionary<TraceObservationPoint, CiliumEventType> _traceEvents = [];
    private readonly Dictionary<DropReason, CiliumEventType> _dropEvents = [];
    private readonly CiliumEventType _l7Event = new() { Type = MonitorL7 };

    public Layer4 Tcp(int sourcePort, int destinationPort, TcpFlagSet flags) => new()
    {
        TCP = new TCP { SourcePort = (uint)sourcePort, DestinationPort = (uint)destinationPort, Flags = Flags(flags) },
    };

    public Layer4 Udp(int sourcePort, int destinationPort) => new()
    {
        UDP = new UDP { SourcePort = (uint)sourcePort, DestinationPort = (uint)destinationPort },
    };

    public Layer4 Icmp(uint type) => new() { ICMPv4 = new ICMPv4 { Type = type } };

    public static IP Ip(string source, string destination) => new() { Source = source, Destination = destination, IpVersion = IPVersion.Ipv4 };

    /// <summary>`TCP Flags: SYN, ACK` with the flags in the order Hubble prints them.</summary>
    public string TcpSummary(TcpFlagSet flags)
    {
        if (!_summaries.TryGetValue(flags, out var summary))
        {
            var names = new List<string>();
            if (flags.HasFlag(TcpFlagSet.Syn))
            {
                names.Add("SYN");
            }

            if (flags.HasFlag(TcpFlagSet.Ack))
            {
                names.Add("ACK");
            }

            if (flags.HasFlag(TcpFlagSet.Rst))
            {
                names.Add("RST");
            }

            if (flags.HasFlag(TcpFlagSet.Fin))
            {
                names.Add("FIN");
            }

            if (flags.HasFlag(TcpFlagSet.Psh))
            {
                names.Add("PSH");
            }

            summary = "TCP Flags: " + string.Join(", ", names);
            _summaries[flags] = summary;
        }

        return summary;
    }

    public Flow Trace(Peer source, Peer destination, IP ip, Layer4 l4, string summary, SimulatedNode node,
        TraceObservationPoint point, TrafficDirection direction, bool isReply, TraceReason reason)
    {
        var flow = Base(source, destination, ip, l4, node, summary);
        flow.Verdict = Verdict.Forwarded;
        flow.Type = FlowType.L3L4;
        flow.EventType = TraceEvent(point);
        flow.TraceObservationPoint = point;
        flow.TraceReason = reason;
        flow.TrafficDirection = direction;
        flow.IsReply = isReply;
        flow.Reply = isReply;
        if (point == TraceObservationPoint.ToEndpoint && destination.Interface is not null)
        {
            flow.Interface = destination.Interface;
        }

        return flow;
    }

    /// <summary>A datapath drop: verdict DROPPED, the code in both drop fields, is_reply unknown (hubble-api.md §2.5).</summary>
    public Flow Drop(Peer source, Peer destination, IP ip, Layer4 l4, string summary, SimulatedNode node,
        DropReason reason, TrafficDirection direction)
    {
        var flow = Base(source, destination, ip, l4, node, summary);
        flow.Verdict = Verdict.Dropped;
        flow.Type = FlowType.L3L4;
        flow.DropReason = (uint)reason;
        flow.DropReasonDesc = reason;
        flow.EventType = DropEvent(reason);
        flow.TrafficDirection = direction;
        flow.File = new Cilium.Flow.FileInfo { Name = "bpf_lxc.c", Line = reason == DropReason.PolicyDenied ? 2119u : 1489u };
        return flow;
    }

    /// <summary>An L7 proxy record: Type L7, event type 129, the record, its summary.</summary>
    public Flow L7(Peer source, Peer destination, IP ip, Layer4 l4, Layer7 l7, string summary, SimulatedNode node,
        TrafficDirection direction, bool isReply, Verdict verdict)
    {
        var flow = Base(source, destination, ip, l4, node, summary);
        flow.Verdict = verdict;
        flow.Type = FlowType.L7;
        flow.EventType = _l7Event;
        flow.L7 = l7;
        flow.TrafficDirection = direction;
        flow.IsReply = isReply;
        flow.Reply = isReply;
        return flow;
    }

    public static string DnsRequestSummary(DNS dns) => $"DNS Query {dns.Query} {string.Join(",", dns.Qtypes)}";

    /// <summary>`DNS Answer "ip,ip" TTL: 30 (Proxy q. A)`, or `DNS Answer RCode: Server Failure (Proxy q. A)`.</summary>
    public static string DnsResponseSummary(DNS dns)
    {
        var qtypes = string.Join(",", dns.Qtypes);
        var answer = dns.Rcode != 0
            ? "RCode: " + DnsRcodeNames.Name(dns.Rcode)
            : $"\"{string.Join(",", dns.Ips)}\" TTL: {dns.Ttl}";
        var cnames = dns.Cnames.Count > 0 ? $" CNAMEs: \"{string.Join(",", dns.Cnames)}\"" : "";
        return $"DNS Answer {answer}{cnames} (Proxy {dns.Query} {qtypes})";
    }

    public static string HttpRequestSummary(HTTP http) => $"{http.Protocol} {http.Method} {http.Url}";

    public static string HttpResponseSummary(HTTP http, ulong latencyNs) =>
        $"{http.Protocol} {http.Code} {(latencyNs / 1_000_000).ToString(CultureInfo.InvariantCulture)}ms ({http.Method} {http.Url})";

    public static string KafkaSummary(Kafka kafka) =>
        $"Kafka request {kafka.ApiKey} correlation id {kafka.CorrelationId} topic '{kafka.Topic}'";

    private static Flow Base(Peer source, Peer destination, IP ip, Layer4 l4, SimulatedNode node, string summary)
    {
        var flow = new Flow
        {
            IP = ip,
            L4 = l4,
            Source = source.Endpoint,
            Destination = destination.Endpoint,
            NodeName = node.AbsoluteName,
            Summary = summary,
        };
        flow.NodeLabels.AddRange(node.Labels);
        if (source.Service is not null)
        {
            flow.SourceService = source.Service;
        }

        if (destination.Service is not null)
        {
            flow.DestinationService = destination.Service;
        }

        if (source.Names.Count > 0)
        {
            flow.SourceNames.AddRange(source.Names);
        }

        if (destination.Names.Count > 0)
        {
            flow.DestinationNames.AddRange(destination.Names);
        }

        return flow;
    }

    private TCPFlags Flags(TcpFlagSet set)
    {
        if (!_flags.TryGetValue(set, out var flags))
        {
            flags = new TCPFlags
            {
                SYN = set.HasFlag(TcpFlagSet.Syn),
                ACK = set.HasFlag(TcpFlagSet.Ack),
                RST = set.HasFlag(TcpFlagSet.Rst),
                FIN = set.HasFlag(TcpFlagSet.Fin),
                PSH = set.HasFlag(TcpFlagSet.Psh),
            };
            _flags[set] = flags;
        }

        return flags;
    }

    private CiliumEventType TraceEvent(TraceObservationPoint point)
    {
        if (!_traceEvents.TryGetValue(point, out var eventType))
        {
            // The sub-type keeps the raw datapath number, where to-endpoint is 0 (hubble-api.md §2.3).
            eventType = new CiliumEventType { Type = MonitorTrace, SubType = point == TraceObservationPoint.ToEndpoint ? 0 : (int)point };
            _traceEvents[point] = eventType;
        }

        return eventType;
    }

    private CiliumEventType DropEvent(DropReason reason)
    {
        if (!_dropEvents.TryGetValue(reason, out var eventType))
        {
            eventType = new CiliumEventType { Type = MonitorDrop, SubType = (int)reason };
            _dropEvents[reason] = eventType;
        }

        return eventType;
    }
}
