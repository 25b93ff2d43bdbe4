using Cilium.Flow;

namespace NetObs.Simulator.Metrics;

/// <summary>
/// Label values Hubble's metric handlers derive from a flow (hubble-api.md §6.1): the protocol, the
/// event type and sub-type names, the pod context and enum names.
/// </summary>
public sealed class HubbleMetricNames
{
    private static readonly string[] ObservationPoints =
    [
        "to-endpoint", "to-proxy", "to-host", "to-stack", "to-overlay", "from-endpoint", "from-proxy",
        "from-host", "from-stack", "from-overlay", "from-network", "to-network", "from-crypto", "to-crypto",
    ];

    private readonly Dictionary<(string Namespace, string Pod), string> _podNames = [];
    private readonly Dictionary<int, string> _dropReasons = [];
    private readonly Dictionary<int, string> _verdicts = [];
    private readonly Dictionary<long, string> _numbers = [];

    /// <summary>The protocol label of flows_processed and drop: the L7 record's, else the L4 header's.</summary>
    public static string Protocol(Flow flow)
    {
        if (flow.L7 is { } l7)
        {
            return l7.RecordCase switch
            {
                Layer7.RecordOneofCase.Dns => "DNS",
                Layer7.RecordOneofCase.Http => "HTTP",
                Layer7.RecordOneofCase.Kafka => "Kafka",
                _ => "Unknown L7",
            };
        }

        return flow.L4?.ProtocolCase switch
        {
            Layer4.ProtocolOneofCase.TCP => "TCP",
            Layer4.ProtocolOneofCase.UDP => "UDP",
            Layer4.ProtocolOneofCase.ICMPv4 => "ICMPv4",
            Layer4.ProtocolOneofCase.ICMPv6 => "ICMPv6",
            Layer4.ProtocolOneofCase.SCTP => "SCTP",
            Layer4.ProtocolOneofCase.VRRP => "VRRP",
            Layer4.ProtocolOneofCase.IGMP => "IGMP",
            null => "Unknown flow",
            _ => "Unknown L4",
        };
    }

    /// <summary>The `type` label of hubble_flows_processed_total, from the monitor event type.</summary>
    public static string EventTypeName(Flow flow) => flow.EventType?.Type switch
    {
        1 => "Drop",
        3 => "Capture",
        4 => "Trace",
        5 => "PolicyVerdict",
        129 => "L7",
        _ => "Unknown",
    };

    /// <summary>The `subtype` label: the observation point for traces, the record kind for L7, else empty.</summary>
    public static string EventSubTypeName(Flow flow) => flow.EventType?.Type switch
    {
        4 when flow.EventType.SubType >= 0 && flow.EventType.SubType < ObservationPoints.Length => ObservationPoints[flow.EventType.SubType],
        129 => Protocol(flow) switch
        {
            "DNS" => "DNS",
            "HTTP" => "HTTP",
            "Kafka" => "Kafka",
            _ => "",
        },
        _ => "",
    };

    /// <summary>The `pod` context: `namespace/pod`, or empty for endpoints without a pod.</summary>
    public string Pod(Endpoint? endpoint)
    {
        if (endpoint is null || endpoint.PodName.Length == 0)
        {
            return "";
        }

        var key = (endpoint.Namespace, endpoint.PodName);
        if (!_podNames.TryGetValue(key, out var name))
        {
            name = $"{endpoint.Namespace}/{endpoint.PodName}";
            _podNames[key] = name;
        }

        return name;
    }

    /// <summary>
    /// ACNS configures `sourceEgressContext=pod;destinationIngressContext=pod`: `source` is filled only
    /// on egress flows, `destination` only on ingress flows. DNS and HTTP responses are labelled from the
    /// request's point of view, so their endpoints are swapped first.
    /// </summary>
    public (string Source, string Destination) Context(Flow flow, bool invert)
    {
        var (source, destination) = invert ? (flow.Destination, flow.Source) : (flow.Source, flow.Destination);
        return flow.TrafficDirection switch
        {
            TrafficDirection.Egress => (Pod(source), ""),
            TrafficDirection.Ingress => ("", Pod(destination)),
            _ => ("", ""),
        };
    }

    public string DropReasonName(DropReason reason) => EnumName(_dropReasons, (int)reason, "DropReason");

    public string VerdictName(Verdict verdict) => EnumName(_verdicts, (int)verdict, "Verdict");

    public string Number(long value)
    {
        if (!_numbers.TryGetValue(value, out var text))
        {
            text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _numbers[value] = text;
        }

        return text;
    }

    /// <summary>The proto enum value name (POLICY_DENIED, FORWARDED), which is what Hubble's labels carry.</summary>
    private static string EnumName(Dictionary<int, string> cache, int value, string enumName)
    {
        if (!cache.TryGetValue(value, out var name))
        {
            var descriptor = FlowReflection.Descriptor.FindTypeByName<Google.Protobuf.Reflection.EnumDescriptor>(enumName);
            name = descriptor.FindValueByNumber(value)?.Name ?? value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            cache[value] = name;
        }

        return name;
    }
}
