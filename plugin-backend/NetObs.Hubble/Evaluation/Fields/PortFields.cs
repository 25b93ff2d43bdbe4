using System.Globalization;
using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_port, destination_port: TCP, UDP and SCTP ports given as text
/// (cilium/cilium pkg/hubble/filters/port.go).
/// </summary>
internal static class PortFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourcePort, "source", source: true);
        Add(predicates, filter.DestinationPort, "destination", source: false);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, string side, bool source)
    {
        if (values.Count == 0)
        {
            return;
        }

        var ports = new uint[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            if (!ushort.TryParse(values[i], NumberStyles.None, CultureInfo.InvariantCulture, out var port))
            {
                throw new InvalidFlowFilterException($"invalid {side} port filter: invalid port \"{values[i]}\"; expected a number from 0 to 65535");
            }

            ports[i] = port;
        }

        predicates.Add(flow => TryGetPort(flow, source, out var port) && Array.IndexOf(ports, port) >= 0);
    }

    private static bool TryGetPort(Flow flow, bool source, out uint port)
    {
        switch (flow.L4?.ProtocolCase)
        {
            case Layer4.ProtocolOneofCase.TCP:
                port = source ? flow.L4.TCP.SourcePort : flow.L4.TCP.DestinationPort;
                return true;
            case Layer4.ProtocolOneofCase.UDP:
                port = source ? flow.L4.UDP.SourcePort : flow.L4.UDP.DestinationPort;
                return true;
            case Layer4.ProtocolOneofCase.SCTP:
                port = source ? flow.L4.SCTP.SourcePort : flow.L4.SCTP.DestinationPort;
                return true;
            default:
                port = 0;
                return false;
        }
    }
}
