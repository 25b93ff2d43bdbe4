using System.Globalization;
using System.Text;
using Cilium.Flow;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;

namespace NetObs.Query.Flows;

/// <summary>Writes a flow as the line `hubble observe` prints in its default compact format (hubble-api.md §4.3).</summary>
public static class CompactFlowFormatter
{
    // Reserved identities 0-10 as the CLI names them.
    private static readonly string[] ReservedIdentities =
        ["unknown", "host", "world", "unmanaged", "health", "init", "remote-node", "kube-apiserver", "ingress", "world-ipv4", "world-ipv6"];

    private static readonly string[] PolicyMatchNames = ["none", "L3-Only", "L3-L4", "L4-Only", "all", "L3-Proto", "Proto-Only"];

    public static string Format(Flow flow, long timeNs)
    {
        var line = new StringBuilder(160);
        var time = DateTimeOffset.FromUnixTimeMilliseconds(timeNs / 1_000_000L).UtcDateTime;
        line.Append(time.ToString("MMM", CultureInfo.InvariantCulture)).Append(' ')
            .Append(time.Day.ToString(CultureInfo.InvariantCulture).PadLeft(2))
            .Append(' ').Append(time.ToString("HH:mm:ss.fff", CultureInfo.InvariantCulture)).Append(": ");

        var source = Side(flow.Source, flow.SourceService, flow.SourceNames, flow.IP?.Source, FlowText.SourcePort(flow));
        var destination = Side(flow.Destination, flow.DestinationService, flow.DestinationNames, flow.IP?.Destination, FlowText.DestinationPort(flow));
        var sourceId = Identity(flow.Source?.Identity ?? 0);
        var destinationId = Identity(flow.Destination?.Identity ?? 0);
        var arrow = flow.IsReply switch { true => "<-", false => "->", null => "<>" };
        if (flow.IsReply == true)
        {
            // The CLI keeps the client on the left for replies.
            (source, destination) = (destination, source);
            (sourceId, destinationId) = (destinationId, sourceId);
        }

        line.Append(source).Append(' ').Append(sourceId).Append(' ').Append(arrow).Append(' ')
            .Append(destination).Append(' ').Append(destinationId).Append(' ')
            .Append(EventType(flow)).Append(' ').Append(VerdictText(flow))
            .Append(" (").Append(Summary(flow)).Append(')');
        return line.ToString();
    }

    /// <summary>Flow.Summary, or a summary in the parser's style when the relay left it out.</summary>
    public static string Summary(Flow flow)
    {
        if (flow.Summary.Length > 0)
        {
            return flow.Summary;
        }

        var l7 = flow.L7;
        switch (l7?.RecordCase)
        {
            case Layer7.RecordOneofCase.Dns when l7.Type == L7FlowType.Request:
                return $"DNS Query {l7.Dns.Query} {string.Join(',', l7.Dns.Qtypes)}";
            case Layer7.RecordOneofCase.Dns:
                return l7.Dns.Rcode == 0
                    ? $"DNS Answer \"{string.Join(',', l7.Dns.Ips)}\" TTL: {l7.Dns.Ttl} (Proxy {l7.Dns.Query} {string.Join(',', l7.Dns.Qtypes)})"
                    : $"DNS Answer RCode: {FlowText.DnsRcode(flow)} (Proxy {l7.Dns.Query} {string.Join(',', l7.Dns.Qtypes)})";
            case Layer7.RecordOneofCase.Http when l7.Type == L7FlowType.Request:
                return $"{l7.Http.Protocol} {l7.Http.Method} {l7.Http.Url}";
            case Layer7.RecordOneofCase.Http:
                return $"{l7.Http.Protocol} {l7.Http.Code} {l7.LatencyNs / 1_000_000}ms ({l7.Http.Method} {l7.Http.Url})";
            case Layer7.RecordOneofCase.Kafka:
                return $"Kafka {(l7.Type == L7FlowType.Response ? "response" : "request")} {l7.Kafka.ApiKey} correlation id {l7.Kafka.CorrelationId} topic '{l7.Kafka.Topic}'";
            default:
                break;
        }

        var flags = FlowText.TcpFlags(flow);
        if (flow.L4?.TCP is not null)
        {
            return "TCP Flags: " + flags.Replace(",", ", ", StringComparison.Ordinal);
        }

        return FlowText.L4Protocol(flow) is { Length: > 0 } protocol ? protocol : "UNKNOWN";
    }

    private static string Side(Endpoint? endpoint, Service? service, IReadOnlyList<string> names, string? ip, uint port)
    {
        string host;
        if (endpoint is { PodName.Length: > 0 })
        {
            host = $"{endpoint.Namespace}/{endpoint.PodName}";
        }
        else if (service is { Name.Length: > 0 })
        {
            host = $"{service.Namespace}/{service.Name}";
        }
        else if (names.Count > 0)
        {
            host = string.Join(',', names);
        }
        else if (!string.IsNullOrEmpty(ip))
        {
            host = ip.Contains(':', StringComparison.Ordinal) && port > 0 ? $"[{ip}]" : ip;
        }
        else
        {
            host = "N/A";
        }

        return port > 0 ? $"{host}:{port.ToString(CultureInfo.InvariantCulture)}" : host;
    }

    private static string Identity(uint identity) =>
        identity < ReservedIdentities.Length ? $"({ReservedIdentities[identity]})" : $"(ID:{identity.ToString(CultureInfo.InvariantCulture)})";

    private static string EventType(Flow flow)
    {
        var l7 = flow.L7;
        if (l7 is not null && l7.RecordCase != Layer7.RecordOneofCase.None)
        {
            var protocol = l7.RecordCase switch
            {
                Layer7.RecordOneofCase.Dns => "dns",
                Layer7.RecordOneofCase.Http => "http",
                _ => "kafka",
            };
            var kind = l7.Type switch
            {
                L7FlowType.Request => "request",
                L7FlowType.Response => "response",
                L7FlowType.Sample => "sample",
                _ => "unknown",
            };
            var source = l7.RecordCase == Layer7.RecordOneofCase.Dns && l7.Dns.ObservationSource.Length > 0 ? " " + l7.Dns.ObservationSource : string.Empty;
            return $"{protocol}-{kind}{source}";
        }

        switch (flow.EventType?.Type ?? 0)
        {
            case 1:
                return DropReasonTexts.Of(flow.DropReasonDesc);
            case 5:
                var match = flow.PolicyMatchType < PolicyMatchNames.Length ? PolicyMatchNames[flow.PolicyMatchType] : "unknown";
                return $"policy-verdict:{match} {ProtoEnumNames.Of(flow.TrafficDirection)}";
            case 4:
                return flow.TraceObservationPoint == TraceObservationPoint.UnknownPoint
                    ? "to-endpoint"
                    : ProtoEnumNames.Of(flow.TraceObservationPoint).ToLowerInvariant().Replace('_', '-');
            default:
                return flow.Verdict == Verdict.Dropped ? DropReasonTexts.Of(flow.DropReasonDesc)
                    : flow.TraceObservationPoint != TraceObservationPoint.UnknownPoint
                        ? ProtoEnumNames.Of(flow.TraceObservationPoint).ToLowerInvariant().Replace('_', '-')
                        : "UNKNOWN";
        }
    }

    private static string VerdictText(Flow flow)
    {
        if (flow.EventType?.Type == 5)
        {
            return flow.Verdict switch
            {
                Verdict.Forwarded or Verdict.Redirected => "ALLOWED",
                Verdict.Dropped or Verdict.Error => "DENIED",
                Verdict.Audit => "AUDITED",
                _ => ProtoEnumNames.Of(flow.Verdict),
            };
        }

        return ProtoEnumNames.Of(flow.Verdict);
    }
}
