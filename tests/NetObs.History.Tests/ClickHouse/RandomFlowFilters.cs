using System.Globalization;
using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.Hubble.Evaluation;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// Random allow and deny lists built from values the flows really carry (so filters select something), covering
/// fields the SQL translator handles exactly and fields it leaves to the in-process evaluator.
/// </summary>
internal sealed class RandomFlowFilters(IReadOnlyList<StoredFlow> flows, int seed)
{
    private readonly Random _random = new(seed);

    /// <summary>Allow and deny lists Hubble accepts (combinations it rejects, such as an HTTP field without an L7 event type filter, are drawn again).</summary>
    public (List<FlowFilter> Allow, List<FlowFilter> Deny) Next()
    {
        while (true)
        {
            var allow = Enumerable.Range(0, _random.Next(0, 3)).Select(_ => Filter()).ToList();
            var deny = Enumerable.Range(0, _random.Next(0, 3) == 0 ? 1 : 0).Select(_ => Filter()).ToList();
            try
            {
                FlowFilterEvaluator.Compile(allow, deny);
                return (allow, deny);
            }
            catch (InvalidFlowFilterException)
            {
                // Drawn again.
            }
        }
    }

    private FlowFilter Filter()
    {
        var filter = new FlowFilter();
        var fields = _random.Next(1, 4);
        for (var i = 0; i < fields; i++)
        {
            AddField(filter, Pick().Flow);
        }

        return filter;
    }

    private StoredFlow Pick() => flows[_random.Next(flows.Count)];

    private void AddField(FlowFilter filter, Flow flow)
    {
        switch (_random.Next(20))
        {
            case 0 when flow.Source is { PodName.Length: > 0 } s:
                filter.SourcePod.Add($"{s.Namespace}/{s.PodName[..Math.Max(1, s.PodName.Length - _random.Next(0, 6))]}");
                break;
            case 1 when flow.Destination is { Namespace.Length: > 0 } d:
                filter.DestinationPod.Add(_random.Next(2) == 0 ? $"{d.Namespace}/" : $"{d.Namespace}/{d.PodName}");
                break;
            case 2 when flow.IP is { } ip:
                filter.SourceIp.Add(ip.Source);
                break;
            case 3 when flow.IP is { } ip:
                filter.DestinationIp.Add(_random.Next(2) == 0 ? ip.Destination : CidrOf(ip.Destination));
                break;
            case 4:
                filter.Verdict.Add(flow.Verdict);
                break;
            case 5 when flow.DropReasonDesc != 0:
                filter.DropReasonDesc.Add(flow.DropReasonDesc);
                break;
            case 6:
                filter.Protocol.Add(new[] { "tcp", "udp", "icmp", "dns", "http", "kafka" }[_random.Next(6)]);
                break;
            case 7 when flow.L4?.TCP is { } tcp:
                filter.DestinationPort.Add(tcp.DestinationPort.ToString(CultureInfo.InvariantCulture));
                break;
            case 8 when flow.L4?.UDP is { } udp:
                filter.SourcePort.Add(udp.SourcePort.ToString(CultureInfo.InvariantCulture));
                break;
            case 9 when flow.L7?.Http is { } http:
                RequireL7(filter);
                filter.HttpStatusCode.Add(_random.Next(2) == 0 ? http.Code.ToString(CultureInfo.InvariantCulture) : $"{http.Code / 100}+");
                break;
            case 10 when flow.L7?.Http is { } http:
                RequireL7(filter);
                filter.HttpMethod.Add(http.Method.ToLowerInvariant());
                break;
            case 11 when flow.L7?.Dns is { Query.Length: > 1 } dns:
                filter.DnsQuery.Add("^" + System.Text.RegularExpressions.Regex.Escape(dns.Query[..Math.Max(1, dns.Query.Length / 2)]));
                break;
            case 12:
                filter.Reply.Add(_random.Next(2) == 0);
                break;
            case 13 when flow.L4?.TCP?.Flags is { } flags:
                filter.TcpFlags.Add(flags);
                break;
            case 14:
                filter.TrafficDirection.Add(flow.TrafficDirection);
                break;
            case 15 when flow.Source is { Labels.Count: > 0 } s:
                filter.SourceLabel.Add(s.Labels[_random.Next(s.Labels.Count)]);
                break;
            case 16 when flow.Destination is { Workloads.Count: > 0 } d:
                var workload = d.Workloads[0];
                filter.DestinationWorkload.Add(_random.Next(2) == 0 ? new Workload { Name = workload.Name } : new Workload { Name = workload.Name, Kind = workload.Kind });
                break;
            case 17:
                filter.NodeName.Add(flow.NodeName);
                break;
            case 18 when flow.Source is { } s:
                filter.SourceIdentity.Add(s.Identity);
                break;
            case 19 when flow.EventType is { } e:
                filter.EventType.Add(new EventTypeFilter { Type = e.Type, SubType = e.SubType, MatchSubType = _random.Next(2) == 0 });
                break;
            default:
                filter.Verdict.Add(flow.Verdict);
                break;
        }
    }

    // Hubble accepts HTTP fields only with an event type filter that matches L7 records alone (type 129).
    private static void RequireL7(FlowFilter filter)
    {
        if (filter.EventType.Count == 0)
        {
            filter.EventType.Add(new EventTypeFilter { Type = 129 });
        }
    }

    private static string CidrOf(string ip) =>
        ip.Contains(':', StringComparison.Ordinal) ? ip + "/128" : string.Join('.', ip.Split('.').Take(3)) + ".0/24";
}
