using Cilium.Flow;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;

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
    private readonly Dictionary<long, string> _numbers = [];

    /// <summary>The protocol label of flows_processed and drop: the L7 record's, else the L4 header's.</summary>
    public static string Protocol(Flow flow)
    {
        if (flow.L7 is { } l7)
        {
            return ProtocolNames.L7(l7.RecordCase) ?? "Unknown L7";
        }

        return flow.L4 is null ? "Unknown flow"
            : ProtocolNames.L4(flow.L4.ProtocolCase) is { Length: > 0 } name ? name
            : "Unknown L4";
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
    /// The `source` and `destination` labels with ACNS's `sourceEgressContext=pod;destinationIngressContext=pod`,
    /// as Cilium's ContextOptions.GetLabelValues computes them (cilium/cilium pkg/hubble/metrics/api/context.go):
    /// `source` is the flow's source pod on egress flows, `destination` the flow's destination pod on ingress flows,
    /// the other label is empty. The dns handler (pkg/hubble/metrics/dns/handler.go) uses these for requests and
    /// responses alike; only httpV2 uses the inverted variant (<see cref="InvertedContext"/>).
    /// </summary>
    public (string Source, string Destination) Context(Flow flow)
    {
        var source = flow.TrafficDirection == TrafficDirection.Egress ? Pod(flow.Source) : "";
        var destination = flow.TrafficDirection == TrafficDirection.Ingress ? Pod(flow.Destination) : "";
        return (source, destination);
    }

    /// <summary>
    /// Cilium's GetLabelValuesInvertSourceDestination, which httpV2 uses on response flows: the labels are
    /// computed from the reply's own endpoints and direction, then the two values swap places. A reply seen
    /// by the server's ingress proxy (server → client) therefore counts with `source` = the client pod, and one
    /// seen by the client's egress proxy with `destination` = the server pod.
    /// </summary>
    public (string Source, string Destination) InvertedContext(Flow flow)
    {
        var (source, destination) = Context(flow);
        return (destination, source);
    }

    /// <summary>The proto enum value name (POLICY_DENIED), which is what Hubble's labels carry.</summary>
    public string DropReasonName(DropReason reason) => ProtoEnumNames.Of(reason);

    /// <summary>The proto enum value name (FORWARDED), which is what Hubble's labels carry.</summary>
    public string VerdictName(Verdict verdict) => ProtoEnumNames.Of(verdict);

    public string Number(long value)
    {
        if (!_numbers.TryGetValue(value, out var text))
        {
            text = value.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _numbers[value] = text;
        }

        return text;
    }
}
