using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.protocol: L4 protocols and the L7 records DNS, HTTP and Kafka, compared as a bit mask
/// (cilium/cilium pkg/hubble/filters/protocol.go).
/// </summary>
internal static class ProtocolField
{
    [Flags]
    private enum ProtocolMask
    {
        None = 0,
        Tcp = 1,
        Udp = 2,
        IcmpV4 = 4,
        IcmpV6 = 8,
        Sctp = 16,
        Vrrp = 32,
        Igmp = 64,
        Dns = 128,
        Http = 256,
        Kafka = 512,
    }

    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Protocol.Count == 0)
        {
            return;
        }

        var mask = ProtocolMask.None;
        foreach (var value in filter.Protocol)
        {
            mask |= value.ToLowerInvariant() switch
            {
                "icmp" => ProtocolMask.IcmpV4 | ProtocolMask.IcmpV6,
                "icmpv4" => ProtocolMask.IcmpV4,
                "icmpv6" => ProtocolMask.IcmpV6,
                "tcp" => ProtocolMask.Tcp,
                "udp" => ProtocolMask.Udp,
                "sctp" => ProtocolMask.Sctp,
                "vrrp" => ProtocolMask.Vrrp,
                "igmp" => ProtocolMask.Igmp,
                "dns" => ProtocolMask.Dns,
                "http" => ProtocolMask.Http,
                "kafka" => ProtocolMask.Kafka,
                _ => throw new InvalidFlowFilterException(
                    $"unknown protocol in filter: \"{value}\"; expected one of icmp, icmpv4, icmpv6, tcp, udp, sctp, vrrp, igmp, dns, http, kafka"),
            };
        }

        predicates.Add(flow => (ProtocolsOf(flow) & mask) != 0);
    }

    private static ProtocolMask ProtocolsOf(Flow flow)
    {
        var result = ProtocolMask.None;
        if (flow.L4 is { } l4)
        {
            result |= l4.ProtocolCase switch
            {
                Layer4.ProtocolOneofCase.TCP => ProtocolMask.Tcp,
                Layer4.ProtocolOneofCase.UDP => ProtocolMask.Udp,
                Layer4.ProtocolOneofCase.ICMPv4 => ProtocolMask.IcmpV4,
                Layer4.ProtocolOneofCase.ICMPv6 => ProtocolMask.IcmpV6,
                Layer4.ProtocolOneofCase.SCTP => ProtocolMask.Sctp,
                Layer4.ProtocolOneofCase.VRRP => ProtocolMask.Vrrp,
                Layer4.ProtocolOneofCase.IGMP => ProtocolMask.Igmp,
                _ => ProtocolMask.None,
            };
        }

        if (flow.L7 is { } l7)
        {
            result |= l7.RecordCase switch
            {
                Layer7.RecordOneofCase.Dns => ProtocolMask.Dns,
                Layer7.RecordOneofCase.Http => ProtocolMask.Http,
                Layer7.RecordOneofCase.Kafka => ProtocolMask.Kafka,
                _ => ProtocolMask.None,
            };
        }

        return result;
    }
}
