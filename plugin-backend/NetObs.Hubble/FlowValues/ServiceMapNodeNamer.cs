using System.Globalization;
using Cilium.Flow;

namespace NetObs.Hubble.FlowValues;

/// <summary>What one service-map node stands for.</summary>
public enum ServiceMapNodeKind
{
    Workload = 0,
    Pod = 1,
    Namespace = 2,
    Identity = 3,
}

/// <summary>
/// Names the service-map node of one side of a flow: in-cluster endpoints by workload, pod, namespace or identity;
/// others by DNS name, reserved identity or IP. Names are cached per (namespace, local name), so the first flow seen
/// decides a node's title; the in-memory aggregator and the history store's SQL service map both name nodes here.
/// </summary>
public sealed class ServiceMapNodeNamer(ServiceMapNodeKind kind)
{
    // Reserved identity numbers and names as `hubble observe` prints them (hubble-api.md §4.3).
    private static readonly string[] ReservedNames =
        ["unknown", "host", "world", "unmanaged", "health", "init", "remote-node", "kube-apiserver", "ingress", "world-ipv4", "world-ipv6"];

    private readonly Dictionary<(string, string), NodeName> _inCluster = [];
    private readonly Dictionary<string, NodeName> _outside = new(StringComparer.Ordinal);

    /// <summary>The fields of one side of a flow the name is made of; the first workload and DNS name, or null without one.</summary>
    public readonly record struct Side(string Namespace, string Pod, string? FirstWorkload, string FirstWorkloadKind, uint Identity, string? FirstName, string Ip)
    {
        /// <summary>One side of a flow message: its endpoint, the DNS names of its IP and the IP.</summary>
        public static Side Of(Endpoint? endpoint, IReadOnlyList<string> dnsNames, string ip)
        {
            var workload = endpoint is { Workloads.Count: > 0 } ? endpoint.Workloads[0] : null;
            return new Side(endpoint?.Namespace ?? string.Empty, endpoint?.PodName ?? string.Empty, workload?.Name, workload?.Kind ?? string.Empty,
                endpoint?.Identity ?? 0, dnsNames.Count > 0 ? dnsNames[0] : null, ip);
        }
    }

    /// <summary>
    /// When <see cref="Name"/> reads each field of a side for this node kind (the namespace it always reads). A store
    /// that groups flows before naming their sides makes a field constant where it is not read, so that flows differing
    /// only there (pods of one workload, IPs of in-cluster endpoints) fall into one group with the same name. Kept here,
    /// beside the branches of <see cref="Name"/> that it describes, so that a change to one shows in the other.
    /// </summary>
    public SideReads Reads => kind switch
    {
        // Namespace nodes name in-cluster sides by the namespace alone.
        ServiceMapNodeKind.Namespace => new(SideRead.Never, SideRead.Never, SideRead.Never, SideRead.OutsideCluster, SideRead.OutsideCluster, SideRead.OutsideCluster),
        ServiceMapNodeKind.Pod => new(SideRead.InCluster, SideRead.Never, SideRead.Never, SideRead.OutsideCluster, SideRead.OutsideCluster, SideRead.OutsideCluster),

        // The identity names the node; the first workload, else the pod, only titles it.
        ServiceMapNodeKind.Identity => new(SideRead.InClusterWithoutWorkload, SideRead.InCluster, SideRead.Never, SideRead.Always, SideRead.OutsideCluster, SideRead.OutsideCluster),
        _ => new(SideRead.InClusterWithoutWorkload, SideRead.InCluster, SideRead.InClusterWithWorkload, SideRead.OutsideCluster, SideRead.OutsideCluster, SideRead.OutsideCluster),
    };

    public NodeName Name(in Side side)
    {
        var ns = side.Namespace;
        if (ns.Length > 0)
        {
            var workloadOrPod = side.FirstWorkload ?? side.Pod;
            var local = kind switch
            {
                ServiceMapNodeKind.Namespace => string.Empty,
                ServiceMapNodeKind.Pod => side.Pod,
                ServiceMapNodeKind.Identity => side.Identity.ToString(CultureInfo.InvariantCulture),
                _ => workloadOrPod,
            };

            if (!_inCluster.TryGetValue((ns, local), out var name))
            {
                name = kind switch
                {
                    ServiceMapNodeKind.Namespace => new NodeName(ns, ns, "namespace", "namespace"),
                    ServiceMapNodeKind.Identity => new NodeName($"identity:{local}", $"{ns}/{workloadOrPod}", $"identity {local}", "identity"),
                    ServiceMapNodeKind.Pod => new NodeName($"{ns}/{local}", local, ns, "pod"),
                    _ => new NodeName($"{ns}/{local}", local, ns, side.FirstWorkload is null ? "pod" : side.FirstWorkloadKind),
                };
                _inCluster[(ns, local)] = name;
            }

            return name;
        }

        var identity = side.Identity;
        var reserved = identity < ReservedNames.Length ? ReservedNames[identity] : null;
        string id;
        string title;
        string subtitle;
        if (side.FirstName is { } dnsName && (reserved is null or "world" or "world-ipv4" or "world-ipv6" or "unknown"))
        {
            title = dnsName.TrimEnd('.');
            (id, subtitle) = ($"fqdn:{title}", reserved ?? "fqdn");
        }
        else if (reserved is not null and not "unknown")
        {
            (id, title, subtitle) = ($"reserved:{reserved}", reserved, "reserved identity");
        }
        else if (side.Ip.Length > 0)
        {
            (id, title, subtitle) = ($"ip:{side.Ip}", side.Ip, identity == 0 ? "ip" : $"identity {identity.ToString(CultureInfo.InvariantCulture)}");
        }
        else
        {
            (id, title, subtitle) = ("unknown", "unknown", "no endpoint data");
        }

        if (!_outside.TryGetValue(id, out var outside))
        {
            outside = new NodeName(id, title, subtitle, "external");
            _outside[id] = outside;
        }

        return outside;
    }

    /// <summary>A node's id (unique, stable), title, subtitle and kind.</summary>
    public sealed record NodeName(string Id, string Title, string Subtitle, string Kind);

    /// <summary>
    /// When <see cref="Name"/> reads a side's pod, first workload (with whether there is one), first workload's kind,
    /// identity, first DNS name (with whether there is one) and IP.
    /// </summary>
    public readonly record struct SideReads(SideRead Pod, SideRead Workload, SideRead WorkloadKind, SideRead Identity, SideRead DnsName, SideRead Ip);

    /// <summary>Which sides of a flow <see cref="Name"/> reads one field for; in-cluster sides are those with a namespace.</summary>
    public enum SideRead
    {
        Never = 0,
        Always = 1,
        InCluster = 2,
        InClusterWithWorkload = 3,
        InClusterWithoutWorkload = 4,
        OutsideCluster = 5,
    }
}
