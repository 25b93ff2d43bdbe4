using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.Query.Tests;

/// <summary>Builds hand-made flows for aggregation tests.</summary>
internal static class FlowBuilder
{
    public static readonly DateTimeOffset Origin = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    public static Flow Tcp(double seconds, string sourceNs, string sourcePod, string destinationNs, string destinationPod, Verdict verdict = Verdict.Forwarded,
        uint port = 8080, string node = "node-a", string? sourceWorkload = null, string? destinationWorkload = null)
    {
        var flow = new Flow
        {
            Time = Timestamp.FromDateTimeOffset(Origin.AddSeconds(seconds)),
            Verdict = verdict,
            NodeName = node,
            Type = FlowType.L3L4,
            IsReply = false,
            Source = Endpoint(sourceNs, sourcePod, sourceWorkload, 1000),
            Destination = Endpoint(destinationNs, destinationPod, destinationWorkload, 2000),
            IP = new IP { Source = "10.0.0.1", Destination = "10.0.0.2", IpVersion = IPVersion.Ipv4 },
            L4 = new Layer4 { TCP = new TCP { SourcePort = 40000, DestinationPort = port, Flags = new TCPFlags { SYN = true } } },
        };
        if (verdict == Verdict.Dropped)
        {
            flow.DropReasonDesc = DropReason.PolicyDenied;
            flow.IsReply = null;
            flow.IngressDeniedBy.Add(new Policy { Name = "deny-frontend", Namespace = destinationNs });
        }

        return flow;
    }

    public static Flow DnsResponse(double seconds, string clientPod, string query, uint rcode, ulong latencyNs = 2_000_000)
    {
        var flow = Tcp(seconds, "pets", clientPod, "kube-system", "coredns-1", port: 53);
        flow.L4 = new Layer4 { UDP = new UDP { SourcePort = 53, DestinationPort = 40000 } };
        flow.IsReply = true;
        (flow.Source, flow.Destination) = (flow.Destination, flow.Source);
        flow.Type = FlowType.L7;
        flow.L7 = new Layer7 { Type = L7FlowType.Response, LatencyNs = latencyNs, Dns = new DNS { Query = query, Rcode = rcode, Qtypes = { "A" } } };
        return flow;
    }

    private static Endpoint Endpoint(string ns, string pod, string? workload, uint identity)
    {
        var endpoint = new Endpoint { Namespace = ns, PodName = pod, Identity = identity };
        endpoint.Labels.Add($"k8s:app={workload ?? pod}");
        if (workload is not null)
        {
            endpoint.Workloads.Add(new Workload { Name = workload, Kind = "Deployment" });
        }

        return endpoint;
    }
}
