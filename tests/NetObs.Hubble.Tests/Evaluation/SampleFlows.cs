using Cilium.Flow;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.Hubble.Tests.Evaluation;

/// <summary>Hand-built flows shaped like the reference's examples (hubble-api.md §2.5, §4.4).</summary>
internal static class SampleFlows
{
    /// <summary>pets/frontend -> pets/catalog HTTP GET response 503 on node c1/aks-nodepool1-vmss000000.</summary>
    public static Flow HttpResponse() => new()
    {
        Time = Timestamp.FromDateTimeOffset(new DateTimeOffset(2025, 4, 16, 18, 49, 59, TimeSpan.Zero)),
        Uuid = "7b1c4e0e-1111-4a4a-9c9c-000000000001",
        Verdict = Verdict.Forwarded,
        IP = new IP { Source = "10.0.1.13", Destination = "10.0.2.178", IpVersion = IPVersion.Ipv4 },
        L4 = new Layer4 { TCP = new TCP { SourcePort = 8080, DestinationPort = 60778, Flags = new TCPFlags { PSH = true, ACK = true } } },
        Source = new Endpoint
        {
            ID = 1501,
            Identity = 39459,
            ClusterName = "c1",
            Namespace = "pets",
            PodName = "frontend-64cb9d7f-abcde",
            Labels = { "k8s:app=frontend", "k8s:io.kubernetes.pod.namespace=pets", "k8s:tier=web" },
            Workloads = { new Workload { Name = "frontend", Kind = "Deployment" } },
        },
        Destination = new Endpoint
        {
            ID = 1700,
            Identity = 40001,
            ClusterName = "c1",
            Namespace = "pets",
            PodName = "catalog-5d8f-xyz",
            Labels = { "k8s:app=catalog", "k8s:version=2" },
            Workloads = { new Workload { Name = "catalog", Kind = "Deployment" } },
        },
        DestinationService = new Service { Name = "catalog", Namespace = "pets" },
        Type = FlowType.L7,
        NodeName = "c1/aks-nodepool1-27013129-vmss000000",
        NodeLabels = { "kubernetes.io/os=linux", "topology.kubernetes.io/zone=eastus-1" },
        L7 = new Layer7
        {
            Type = L7FlowType.Response,
            LatencyNs = 12_000_000,
            Http = new HTTP
            {
                Code = 503,
                Method = "GET",
                Url = "http://catalog.pets.svc:8080/api/v1/items?page=2",
                Protocol = "HTTP/1.1",
                Headers = { new HTTPHeader { Key = "x-request-id", Value = "abc" } },
            },
        },
        EventType = new CiliumEventType { Type = 129 },
        TrafficDirection = TrafficDirection.Ingress,
        IsReply = true,
        TraceContext = new TraceContext { Parent = new TraceParent { TraceId = "4bf92f3577b34da6" } },
    };

    /// <summary>A policy drop: pets/frontend -> pets/mongodb-0:27017 SYN, no is_reply.</summary>
    public static Flow PolicyDrop() => new()
    {
        Verdict = Verdict.Dropped,
        DropReasonDesc = DropReason.PolicyDenied,
        IP = new IP { Source = "10.0.1.13", Destination = "10.0.3.7", IpVersion = IPVersion.Ipv4 },
        L4 = new Layer4 { TCP = new TCP { SourcePort = 40112, DestinationPort = 27017, Flags = new TCPFlags { SYN = true } } },
        Source = new Endpoint { Identity = 39459, Namespace = "pets", PodName = "frontend-64cb9d7f-abcde", Labels = { "k8s:app=frontend" } },
        Destination = new Endpoint
        {
            Identity = 41000,
            Namespace = "pets",
            PodName = "mongodb-0",
            Labels = { "k8s:app=mongodb" },
            Workloads = { new Workload { Name = "mongodb", Kind = "StatefulSet" } },
        },
        Type = FlowType.L3L4,
        NodeName = "kind-worker",
        EventType = new CiliumEventType { Type = 1, SubType = 133 },
        TrafficDirection = TrafficDirection.Ingress,
        Interface = new NetworkInterface { Index = 98, Name = "lxc12ab" },
    };

    /// <summary>A DNS request to kube-system/coredns over UDP, traced to-stack.</summary>
    public static Flow DnsRequest() => new()
    {
        Verdict = Verdict.Forwarded,
        IP = new IP { Source = "fd00::13", Destination = "fd00::53", IpVersion = IPVersion.Ipv6, Encrypted = true },
        L4 = new Layer4 { UDP = new UDP { SourcePort = 52341, DestinationPort = 53 } },
        Source = new Endpoint { Identity = 39459, Namespace = "pets", PodName = "frontend-64cb9d7f-abcde", Labels = { "k8s:app=frontend" } },
        Destination = new Endpoint { Identity = 102, Namespace = "kube-system", PodName = "coredns-xyz", Labels = { "k8s:k8s-app=kube-dns" } },
        DestinationNames = { "kube-dns.kube-system.svc.cluster.local." },
        Type = FlowType.L7,
        L7 = new Layer7 { Type = L7FlowType.Request, Dns = new DNS { Query = "api.example.com.", Qtypes = { "A" }, ObservationSource = "proxy" } },
        EventType = new CiliumEventType { Type = 4, SubType = 3 },
        TrafficDirection = TrafficDirection.Egress,
        IsReply = false,
        IpTraceId = new IPTraceID { TraceId = 77 },
    };

    /// <summary>Egress to the world: pets/frontend -> 140.82.112.6 (api.github.com), reserved:world destination.</summary>
    public static Flow ToWorld() => new()
    {
        Verdict = Verdict.Forwarded,
        IP = new IP { Source = "10.0.1.13", SourceXlated = "20.1.2.3", Destination = "140.82.112.6", IpVersion = IPVersion.Ipv4 },
        L4 = new Layer4 { TCP = new TCP { SourcePort = 50000, DestinationPort = 443, Flags = new TCPFlags { SYN = true, ACK = true } } },
        Source = new Endpoint { Identity = 39459, Namespace = "pets", PodName = "frontend-64cb9d7f-abcde", Labels = { "k8s:app=frontend" } },
        Destination = new Endpoint { Identity = 2, Labels = { "reserved:world" } },
        DestinationNames = { "API.GitHub.com" },
        NodeName = "aks-nodepool1-27013129-vmss000001",
        EventType = new CiliumEventType { Type = 4, SubType = 11 },
        TrafficDirection = TrafficDirection.Egress,
        IsReply = false,
    };
}
