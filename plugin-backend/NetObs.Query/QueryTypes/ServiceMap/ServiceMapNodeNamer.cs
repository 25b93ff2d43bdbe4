using Cilium.Flow;
using NetObs.Query.Model;

namespace NetObs.Query.QueryTypes.ServiceMap;

/// <summary>Names the service-map node of one side of a flow: a workload, pod, namespace or identity, or for endpoints outside the cluster their reserved identity, DNS name or IP.</summary>
public sealed class ServiceMapNodeNamer(NodeKind kind)
{
    // Reserved identity numbers and names as `hubble observe` prints them (hubble-api.md §4.3).
    private static readonly string[] ReservedNames =
        ["unknown", "host", "world", "unmanaged", "health", "init", "remote-node", "kube-apiserver", "ingress", "world-ipv4", "world-ipv6"];

    private readonly Dictionary<(string, string), NodeName> _inCluster = [];
    private readonly Dictionary<string, NodeName> _outside = new(StringComparer.Ordinal);

    public NodeName Name(Endpoint? endpoint, IReadOnlyList<string> dnsNames, string ip)
    {
        var ns = endpoint?.Namespace ?? string.Empty;
        if (ns.Length > 0)
        {
            var local = kind switch
            {
                NodeKind.Namespace => string.Empty,
                NodeKind.Pod => endpoint!.PodName,
                NodeKind.Identity => Identity(endpoint!.Identity),
                _ => endpoint!.Workloads.Count > 0 ? endpoint.Workloads[0].Name : endpoint.PodName,
            };

            if (!_inCluster.TryGetValue((ns, local), out var name))
            {
                name = kind switch
                {
                    NodeKind.Namespace => new NodeName(ns, ns, "namespace", "namespace"),
                    NodeKind.Identity => new NodeName($"identity:{local}", $"{ns}/{WorkloadOrPod(endpoint!)}", $"identity {local}", "identity"),
                    NodeKind.Pod => new NodeName($"{ns}/{local}", local, ns, "pod"),
                    _ => new NodeName($"{ns}/{local}", local, ns, endpoint!.Workloads.Count > 0 ? endpoint.Workloads[0].Kind : "pod"),
                };
                _inCluster[(ns, local)] = name;
            }

            return name;
        }

        var identity = endpoint?.Identity ?? 0;
        var reserved = identity < ReservedNames.Length ? ReservedNames[identity] : null;
        string id;
        string title;
        string subtitle;
        if (dnsNames.Count > 0 && (reserved is null or "world" or "world-ipv4" or "world-ipv6" or "unknown"))
        {
            title = dnsNames[0].TrimEnd('.');
            (id, subtitle) = ($"fqdn:{title}", reserved ?? "fqdn");
        }
        else if (reserved is not null and not "unknown")
        {
            (id, title, subtitle) = ($"reserved:{reserved}", reserved, "reserved identity");
        }
        else if (ip.Length > 0)
        {
            (id, title, subtitle) = ($"ip:{ip}", ip, identity == 0 ? "ip" : $"identity {identity}");
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

    private static string WorkloadOrPod(Endpoint endpoint) => endpoint.Workloads.Count > 0 ? endpoint.Workloads[0].Name : endpoint.PodName;

    private static string Identity(uint identity) => identity.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A node's id (unique, stable), title, subtitle and kind.</summary>
    public sealed record NodeName(string Id, string Title, string Subtitle, string Kind);
}
