using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Tests.Storage;

/// <summary>
/// Seeded random FlowFilters built from values that occur in the given flows (so that filters select something)
/// mixed with values that occur nowhere, covering fields that translate to SQL and fields evaluated in process.
/// </summary>
/// <param name="flows">The flows whose values the filters use.</param>
/// <param name="seed">The random seed.</param>
/// <param name="fieldKinds">Only these kinds of field (the cases of AddField); null for all.</param>
public sealed class RandomFilters(IReadOnlyList<StoredFlow> flows, int seed, IReadOnlyList<int>? fieldKinds = null)
{
    private readonly Random _random = new(seed);

    private Flow AnyFlow => flows[_random.Next(flows.Count)].Flow;

    /// <summary>A filter Hubble accepts (combinations it rejects, such as HTTP fields with a non-L7 event type, are drawn again).</summary>
    public FlowFilter Next()
    {
        while (true)
        {
            var filter = Draw();
            try
            {
                NetObs.Hubble.Evaluation.FlowFilterEvaluator.Compile([filter], []);
                return filter;
            }
            catch (NetObs.Hubble.Evaluation.InvalidFlowFilterException)
            {
            }
        }
    }

    private FlowFilter Draw()
    {
        var filter = new FlowFilter();
        var fields = 1 + _random.Next(3);
        for (var i = 0; i < fields; i++)
        {
            var values = 1 + (_random.Next(4) == 0 ? 1 : 0);
            for (var v = 0; v < values; v++)
            {
                AddField(filter, fieldKinds is null ? _random.Next(32) : fieldKinds[_random.Next(fieldKinds.Count)]);
            }
        }

        return filter;
    }

    public (List<FlowFilter> Allow, List<FlowFilter> Deny) NextLists()
    {
        var allow = Enumerable.Range(0, _random.Next(3)).Select(_ => Next()).ToList();
        var deny = Enumerable.Range(0, _random.Next(4) == 0 ? 1 : 0).Select(_ => Next()).ToList();
        return (allow, deny);
    }

    private void AddField(FlowFilter filter, int field)
    {
        var flow = AnyFlow;
        switch (field)
        {
            case 0:
                filter.Verdict.Add(flow.Verdict);
                break;
            case 1:
                filter.DropReasonDesc.Add(flow.DropReasonDesc);
                break;
            case 2:
                filter.SourcePod.Add(PodFilter(flow.Source));
                break;
            case 3:
                filter.DestinationPod.Add(PodFilter(flow.Destination));
                break;
            case 4:
                filter.SourceIp.Add(flow.IP?.Source is { Length: > 0 } ip ? ip : "10.99.99.99");
                break;
            case 5:
                filter.DestinationIp.Add(_random.Next(2) == 0 ? "10.0.0.0/8" : flow.IP?.Destination is { Length: > 0 } destination ? destination : "192.168.1.1");
                break;
            case 6:
                filter.SourceLabel.Add(flow.Source?.Labels.Count > 0 ? flow.Source.Labels[_random.Next(flow.Source.Labels.Count)] : "k8s:app=none");
                break;
            case 7:
                filter.DestinationIdentity.Add(flow.Destination?.Identity ?? 0);
                break;
            case 8:
                filter.SourceIdentity.Add(flow.Source?.Identity ?? 7);
                break;
            case 9:
                filter.TrafficDirection.Add(flow.TrafficDirection);
                break;
            case 10:
                filter.Protocol.Add(new[] { "tcp", "udp", "icmp", "dns", "http", "kafka", "ICMPv6", "sctp" }[_random.Next(8)]);
                break;
            case 11:
                filter.DestinationPort.Add(FlowColumnValues.DestinationPort(flow).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case 12:
                filter.SourcePort.Add(_random.Next(2) == 0 ? "53" : FlowColumnValues.SourcePort(flow).ToString(System.Globalization.CultureInfo.InvariantCulture));
                break;
            case 13:
                filter.Reply.Add(_random.Next(2) == 0);
                break;
            case 14:
                filter.DnsQuery.Add(flow.L7?.Dns?.Query is { Length: > 3 } q ? System.Text.RegularExpressions.Regex.Escape(q[..3]) : ".*svc.*");
                break;
            case 15:
                filter.HttpStatusCode.Add(new[] { "200", "5+", "40+", "404", "2+" }[_random.Next(5)]);
                break;
            case 16:
                filter.HttpMethod.Add(new[] { "GET", "post", "PUT", "DELETE" }[_random.Next(4)]);
                break;
            case 17:
                filter.HttpPath.Add(flow.L7?.Http is not null && FlowColumnValues.HttpPath(flow) is { Length: > 1 } path ? "^" + System.Text.RegularExpressions.Regex.Escape(path[..2]) : "/api/.*");
                break;
            case 18:
                filter.TcpFlags.Add(_random.Next(3) switch
                {
                    0 => new TCPFlags { SYN = true },
                    1 => new TCPFlags { ACK = true, FIN = true },
                    _ => new TCPFlags { RST = true },
                });
                break;
            case 19:
                // Whole names, --cluster's "cluster/" form, globs on either part and bare names read as cluster "default".
                filter.NodeName.Add(_random.Next(6) switch
                {
                    0 => flow.NodeName,
                    1 => "*/node-1*",
                    2 => NodeClusterName.Of(flow.NodeName) + "/",
                    3 => "s*/*vmss*1",
                    4 => "default/",
                    _ => "aks-*",
                });
                break;
            case 20:
                filter.SourceWorkload.Add(Workload(flow.Source));
                break;
            case 21:
                filter.DestinationWorkload.Add(Workload(flow.Destination));
                break;
            case 22:
                filter.IpVersion.Add(flow.IP?.IpVersion ?? IPVersion.IpNotUsed);
                break;
            case 23:
                filter.DestinationFqdn.Add(flow.DestinationNames.Count > 0 ? flow.DestinationNames[0].TrimEnd('.') : "*.example.com");
                break;
            case 24:
                filter.EventType.Add(new EventTypeFilter { Type = flow.EventType?.Type ?? 4, MatchSubType = _random.Next(2) == 0, SubType = flow.EventType?.SubType ?? 0 });
                break;
            case 25:
                filter.SourceClusterName.Add(flow.Source?.ClusterName is { Length: > 0 } c ? c : "default");
                break;
            case 26:
                filter.DestinationService.Add(flow.DestinationService is { } s ? $"{s.Namespace}/{s.Name}" : "default/kubernetes");
                break;
            case 27:
                filter.Uuid.Add(flow.Uuid.Length > 0 ? flow.Uuid : "none");
                break;
            case 28:
                filter.DestinationLabel.Add(_random.Next(2) == 0 ? "k8s:io.kubernetes.pod.namespace" : "!k8s:app");
                break;
            case 29:
                filter.NodeLabels.Add("kubernetes.io/os=linux");
                break;
            case 30:
                filter.SourcePod.Add(_random.Next(2) == 0 ? "/" : (flow.Source?.Namespace ?? "x") + "/");
                break;
            default:
                filter.Verdict.Add((Verdict)_random.Next(1, 8));
                break;
        }
    }

    private string PodFilter(Endpoint? endpoint)
    {
        if (endpoint is null || endpoint.PodName.Length == 0)
        {
            return "kube-system/coredns";
        }

        var prefix = endpoint.PodName[..Math.Max(1, _random.Next(endpoint.PodName.Length + 1))];
        return _random.Next(3) switch
        {
            0 => $"{endpoint.Namespace}/{prefix}",
            1 => $"/{prefix}",
            _ => prefix,
        };
    }

    private Workload Workload(Endpoint? endpoint)
    {
        var workload = endpoint?.Workloads.Count > 0 ? endpoint.Workloads[0] : new Workload { Name = "none", Kind = "Deployment" };
        return _random.Next(4) switch
        {
            0 => new Workload { Name = workload.Name },
            1 => new Workload { Kind = workload.Kind },
            2 => new Workload(),
            _ => new Workload { Name = workload.Name, Kind = workload.Kind },
        };
    }
}
