using Cilium.Flow;

namespace NetObs.Hubble.FlowValues;

/// <summary>
/// Protocol names in the spelling of Hubble's metrics (hubble-api.md §6.1): the L7 record's (DNS, HTTP, Kafka) when
/// there is one, else the L4 header's (TCP, UDP, ICMPv4, ICMPv6, SCTP, VRRP, IGMP).
/// </summary>
public static class ProtocolNames
{
    /// <summary>The L7 record's name, or null when the flow has no L7 record of a known kind.</summary>
    public static string? L7(Layer7.RecordOneofCase record) => record switch
    {
        Layer7.RecordOneofCase.Dns => "DNS",
        Layer7.RecordOneofCase.Http => "HTTP",
        Layer7.RecordOneofCase.Kafka => "Kafka",
        _ => null,
    };

    /// <summary>The L4 header's name, empty when there is none.</summary>
    public static string L4(Layer4.ProtocolOneofCase protocol) => protocol switch
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

    /// <summary>The L7 record's name when there is one, else the L4 header's.</summary>
    public static string Of(Layer7.RecordOneofCase record, Layer4.ProtocolOneofCase protocol) => L7(record) ?? L4(protocol);
}
