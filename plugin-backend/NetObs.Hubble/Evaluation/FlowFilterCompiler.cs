using System.Globalization;
using System.Text.RegularExpressions;
using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Turns one FlowFilter into predicates, one per set field, following
/// cilium/cilium pkg/hubble/filters (v1.19): fields AND together, values inside a field OR.
/// </summary>
internal static class FlowFilterCompiler
{
    private const int AccessLogEventType = 129;

    public static FlowPredicate[] Compile(FlowFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var predicates = new CostedPredicates();

        if (filter.Uuid.Count > 0)
        {
            var uuids = filter.Uuid.ToHashSet(StringComparer.Ordinal);
            predicates.Add(flow => flow.Uuid.Length > 0 && uuids.Contains(flow.Uuid), CostedPredicates.Text);
        }

        AddIp(predicates, filter.SourceIp, "source IP", static f => f.IP?.Source);
        AddIp(predicates, filter.SourceIpXlated, "source IP xlated", static f => f.IP?.SourceXlated);
        AddIp(predicates, filter.DestinationIp, "destination IP", static f => f.IP?.Destination);

        AddNamespacedName(predicates, filter.SourcePod, "source pod", static f => f.Source is { } e ? (e.Namespace, e.PodName) : (string.Empty, string.Empty));
        AddNamespacedName(predicates, filter.DestinationPod, "destination pod", static f => f.Destination is { } e ? (e.Namespace, e.PodName) : (string.Empty, string.Empty));
        AddNamespacedName(predicates, filter.SourceService, "source service", static f => f.SourceService is { } s ? (s.Namespace, s.Name) : (string.Empty, string.Empty));
        AddNamespacedName(predicates, filter.DestinationService, "destination service", static f => f.DestinationService is { } s ? (s.Namespace, s.Name) : (string.Empty, string.Empty));

        AddFqdn(predicates, filter.SourceFqdn, static f => f.SourceNames);
        AddFqdn(predicates, filter.DestinationFqdn, static f => f.DestinationNames);

        AddLabels(predicates, filter.SourceLabel, "source label", static f => f.Source?.Labels);
        AddLabels(predicates, filter.DestinationLabel, "destination label", static f => f.Destination?.Labels);
        AddLabels(predicates, filter.NodeLabels, "node label", static f => f.NodeLabels);

        AddWorkloads(predicates, filter.SourceWorkload, static f => f.Source);
        AddWorkloads(predicates, filter.DestinationWorkload, static f => f.Destination);

        AddClusterNames(predicates, filter.SourceClusterName, "source", static f => f.Source?.ClusterName);
        AddClusterNames(predicates, filter.DestinationClusterName, "destination", static f => f.Destination?.ClusterName);

        AddIdentities(predicates, filter.SourceIdentity, static f => f.Source?.Identity ?? 0);
        AddIdentities(predicates, filter.DestinationIdentity, static f => f.Destination?.Identity ?? 0);

        if (filter.TrafficDirection.Count > 0)
        {
            var directions = filter.TrafficDirection.ToArray();
            predicates.Add(flow => Array.IndexOf(directions, flow.TrafficDirection) >= 0);
        }

        if (filter.Verdict.Count > 0)
        {
            var verdicts = filter.Verdict.ToArray();
            predicates.Add(flow => Array.IndexOf(verdicts, flow.Verdict) >= 0);
        }

        if (filter.DropReasonDesc.Count > 0)
        {
            var reasons = filter.DropReasonDesc.ToArray();
            predicates.Add(flow => flow.Verdict == Verdict.Dropped && Array.IndexOf(reasons, flow.DropReasonDesc) >= 0);
        }

        if (filter.Interface.Count > 0)
        {
            var interfaces = filter.Interface.Select(i => (i.Index, i.Name)).ToArray();
            predicates.Add(flow => MatchesInterface(interfaces, flow.Interface));
        }

        if (filter.EventType.Count > 0)
        {
            var types = filter.EventType.Select(t => (t.Type, t.MatchSubType, t.SubType)).ToArray();
            predicates.Add(flow => MatchesEventType(types, flow.EventType));
        }

        AddHttp(predicates, filter);
        AddProtocols(predicates, filter.Protocol);
        AddPorts(predicates, filter.SourcePort, "source", source: true);
        AddPorts(predicates, filter.DestinationPort, "destination", source: false);

        if (filter.Reply.Count > 0)
        {
            var wantReply = filter.Reply.Contains(true);
            var wantRequest = filter.Reply.Contains(false);
            predicates.Add(flow => MatchesReply(flow, wantReply, wantRequest));
        }

        if (filter.DnsQuery.Count > 0)
        {
            var patterns = CompileRegexes(filter.DnsQuery, "invalid DNS query filter");
            predicates.Add(flow => flow.L7?.Dns is { } dns && AnyMatch(patterns, dns.Query), CostedPredicates.Regex);
        }

        if (filter.TcpFlags.Count > 0)
        {
            var masks = filter.TcpFlags.Select(TcpFlagMask.Of).ToArray();
            predicates.Add(flow => MatchesTcpFlags(masks, flow));
        }

        if (filter.NodeName.Count > 0)
        {
            var pattern = NodeNamePattern.Compile(filter.NodeName);
            predicates.Add(flow => pattern.Matches(flow.NodeName), CostedPredicates.Pattern);
        }

        if (filter.IpVersion.Count > 0)
        {
            var versions = filter.IpVersion.ToArray();
            predicates.Add(flow => Array.IndexOf(versions, flow.IP?.IpVersion ?? IPVersion.IpNotUsed) >= 0);
        }

        if (filter.TraceId.Count > 0)
        {
            var ids = filter.TraceId.ToHashSet(StringComparer.Ordinal);
            predicates.Add(flow => flow.TraceContext?.Parent is { } parent && ids.Contains(parent.TraceId));
        }

        if (filter.IpTraceId.Count > 0)
        {
            var ids = filter.IpTraceId.ToArray();
            predicates.Add(flow => flow.IpTraceId is { } id && Array.IndexOf(ids, id.TraceId) >= 0);
        }

        if (filter.Encrypted.Count > 0)
        {
            var wantEncrypted = filter.Encrypted.Contains(true);
            var wantPlain = filter.Encrypted.Contains(false);
            predicates.Add(flow => (flow.IP?.Encrypted ?? false) ? wantEncrypted : wantPlain);
        }

        if (filter.Experimental is { CelExpression.Count: > 0 })
        {
            throw new InvalidFlowFilterException(
                $"invalid CEL expression filter: NetObs does not evaluate CEL expressions ('{filter.Experimental.CelExpression[0]}'); " +
                "send the filter to a real Hubble Relay or use the other filter fields");
        }

        return predicates.ToArray();
    }

    private static void AddIp(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, string?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var matcher = IpMatcher.Compile(values, what);
        predicates.Add(flow => matcher.Matches(get(flow)), CostedPredicates.Address);
    }

    private static void AddNamespacedName(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, (string Namespace, string Name)> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var matcher = NamespacedNameMatcher.Compile(values, what);
        predicates.Add(flow =>
        {
            var (ns, name) = get(flow);
            return matcher.Matches(ns, name);
        }, CostedPredicates.Text);
    }

    private static void AddFqdn(CostedPredicates predicates, RepeatedField<string> values, Func<Flow, RepeatedField<string>> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var pattern = FqdnPattern.Compile(values);
        predicates.Add(flow => pattern.MatchesAny(get(flow)), CostedPredicates.Pattern);
    }

    private static void AddLabels(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, RepeatedField<string>?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var selectors = new LabelSelector[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                selectors[i] = LabelSelector.Parse(values[i]);
            }
            catch (FormatException e)
            {
                throw new InvalidFlowFilterException($"invalid {what} filter: {e.Message}", e);
            }
        }

        predicates.Add(flow =>
        {
            var labels = get(flow);
            foreach (var selector in selectors)
            {
                if (selector.Matches(labels))
                {
                    return true;
                }
            }

            return false;
        }, CostedPredicates.Labels);
    }

    private static void AddWorkloads(CostedPredicates predicates, RepeatedField<Workload> values, Func<Flow, Endpoint?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var wanted = values.Select(w => (w.Name, w.Kind)).ToArray();
        predicates.Add(flow =>
        {
            var endpoint = get(flow);
            if (endpoint is null)
            {
                return false;
            }

            foreach (var (name, kind) in wanted)
            {
                foreach (var workload in endpoint.Workloads)
                {
                    if ((name.Length == 0 || name == workload.Name) && (kind.Length == 0 || kind == workload.Kind))
                    {
                        return true;
                    }
                }
            }

            return false;
        }, CostedPredicates.Text);
    }

    private static void AddClusterNames(CostedPredicates predicates, RepeatedField<string> values, string side, Func<Flow, string?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (values.Any(v => v.Length == 0))
        {
            throw new InvalidFlowFilterException($"invalid {side} cluster name filter: the cluster name must not be empty");
        }

        var names = values.ToHashSet(StringComparer.Ordinal);
        predicates.Add(flow => get(flow) is { Length: > 0 } name && names.Contains(name), CostedPredicates.Text);
    }

    private static void AddIdentities(CostedPredicates predicates, RepeatedField<uint> values, Func<Flow, uint> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var identities = values.ToArray();
        predicates.Add(flow => Array.IndexOf(identities, get(flow)) >= 0);
    }

    private static void AddHttp(CostedPredicates predicates, FlowFilter filter)
    {
        var hasHttpFilter = filter.HttpStatusCode.Count > 0 || filter.HttpMethod.Count > 0 || filter.HttpPath.Count > 0
            || filter.HttpUrl.Count > 0 || filter.HttpHeader.Count > 0;
        if (!hasHttpFilter)
        {
            return;
        }

        if (filter.EventType.Count > 0 && !filter.EventType.Any(t => t.Type == AccessLogEventType))
        {
            var which = filter.HttpStatusCode.Count > 0 ? "http status code"
                : filter.HttpMethod.Count > 0 ? "http method"
                : filter.HttpPath.Count > 0 ? "http path"
                : filter.HttpUrl.Count > 0 ? "http url" : "http header";
            throw new InvalidFlowFilterException($"filtering by {which} requires the event type filter to only match 'l7' events");
        }

        if (filter.HttpStatusCode.Count > 0)
        {
            var status = HttpStatusPattern.Compile(filter.HttpStatusCode);
            predicates.Add(flow => flow.L7?.Http is { Code: > 0 } http && status.Matches(http.Code));
        }

        if (filter.HttpMethod.Count > 0)
        {
            var methods = filter.HttpMethod.ToArray();
            predicates.Add(flow =>
            {
                if (flow.L7?.Http is not { } http)
                {
                    return false;
                }

                foreach (var method in methods)
                {
                    if (string.Equals(method, http.Method, StringComparison.OrdinalIgnoreCase))
                    {
                        return true;
                    }
                }

                return false;
            }, CostedPredicates.Text);
        }

        if (filter.HttpPath.Count > 0)
        {
            var patterns = CompileRegexes(filter.HttpPath, "invalid http path filter");
            predicates.Add(flow => flow.L7?.Http is { } http && HttpUrlParts.TryGetPath(http.Url, out var path) && AnyMatch(patterns, path), CostedPredicates.Regex);
        }

        if (filter.HttpUrl.Count > 0)
        {
            var patterns = CompileRegexes(filter.HttpUrl, "invalid http url filter");
            predicates.Add(flow => flow.L7?.Http is { } http && AnyMatch(patterns, http.Url), CostedPredicates.Regex);
        }

        if (filter.HttpHeader.Count > 0)
        {
            var headers = filter.HttpHeader.Select(h => (h.Key, h.Value)).ToArray();
            predicates.Add(flow =>
            {
                if (flow.L7?.Http is not { } http)
                {
                    return false;
                }

                for (var i = 0; i < http.Headers.Count; i++)
                {
                    var header = http.Headers[i];
                    foreach (var (key, value) in headers)
                    {
                        if (header.Key == key && header.Value == value)
                        {
                            return true;
                        }
                    }
                }

                return false;
            }, CostedPredicates.Text);
        }
    }

    private static void AddProtocols(CostedPredicates predicates, RepeatedField<string> values)
    {
        if (values.Count == 0)
        {
            return;
        }

        var mask = ProtocolMask.None;
        foreach (var value in values)
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

        predicates.Add(flow => (FlowProtocolOf(flow) & mask) != 0);
    }

    private static ProtocolMask FlowProtocolOf(Flow flow)
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

    private static void AddPorts(CostedPredicates predicates, RepeatedField<string> values, string side, bool source)
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

    private static bool MatchesReply(Flow flow, bool wantReply, bool wantRequest)
    {
        // Drops carry no is_reply; the server counts them as requests so `reply: [false]` keeps them.
        if (flow.IsReply is { } isReply)
        {
            return isReply ? wantReply : wantRequest;
        }

        return flow.Verdict == Verdict.Dropped && wantRequest;
    }

    private static bool MatchesInterface((uint Index, string Name)[] wanted, NetworkInterface? actual)
    {
        if (actual is null)
        {
            return false;
        }

        foreach (var (index, name) in wanted)
        {
            if ((index == 0 || index == actual.Index) && (name.Length == 0 || name == actual.Name))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesEventType((int Type, bool MatchSubType, int SubType)[] wanted, CiliumEventType? actual)
    {
        if (actual is null)
        {
            return false;
        }

        foreach (var (type, matchSubType, subType) in wanted)
        {
            if (type != 0 && type != actual.Type)
            {
                continue;
            }

            if (matchSubType && subType != actual.SubType)
            {
                continue;
            }

            return true;
        }

        return false;
    }

    private static bool MatchesTcpFlags(ushort[] masks, Flow flow)
    {
        if (flow.L4?.TCP?.Flags is not { } flags)
        {
            return false;
        }

        var actual = TcpFlagMask.Of(flags);
        foreach (var mask in masks)
        {
            if ((actual & mask) == mask)
            {
                return true;
            }
        }

        return false;
    }

    private static Regex[] CompileRegexes(RepeatedField<string> patterns, string context)
    {
        var result = new Regex[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            result[i] = Re2Regex.Compile(patterns[i], context);
        }

        return result;
    }

    private static bool AnyMatch(Regex[] patterns, ReadOnlySpan<char> value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }

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
}
