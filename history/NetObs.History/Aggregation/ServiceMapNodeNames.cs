using System.Globalization;

namespace NetObs.History.Aggregation;

/// <summary>
/// Names the service-map node of one side of a flow from stored columns, with the rules of the plugin's
/// ServiceMapNodeNamer: in-cluster endpoints by workload, pod, namespace or identity; others by DNS name, reserved
/// identity or IP. Names are cached per (namespace, local name) like the plugin's, so the first flow seen decides a title.
/// </summary>
internal sealed class ServiceMapNodeNames(ServiceMapNodeKind kind)
{
    // Reserved identity numbers and names as `hubble observe` prints them (hubble-api.md §4.3).
    private static readonly string[] ReservedNames =
        ["unknown", "host", "world", "unmanaged", "health", "init", "remote-node", "kube-apiserver", "ingress", "world-ipv4", "world-ipv6"];

    private readonly Dictionary<(string, string), NodeName> _inCluster = [];
    private readonly Dictionary<string, NodeName> _outside = new(StringComparer.Ordinal);

    /// <summary>The columns of one side, as stored.</summary>
    public readonly record struct Side(string Namespace, string Pod, int WorkloadCount, string FirstWorkload, string FirstWorkloadKind, uint Identity, int NameCount, string FirstName, string Ip);

    public NodeName Name(Side side)
    {
        var ns = side.Namespace;
        if (ns.Length > 0)
        {
            var identityText = side.Identity.ToString(CultureInfo.InvariantCulture);
            var workloadOrPod = side.WorkloadCount > 0 ? side.FirstWorkload : side.Pod;
            var local = kind switch
            {
                ServiceMapNodeKind.Namespace => string.Empty,
                ServiceMapNodeKind.Pod => side.Pod,
                ServiceMapNodeKind.Identity => identityText,
                _ => workloadOrPod,
            };

            if (!_inCluster.TryGetValue((ns, local), out var name))
            {
                name = kind switch
                {
                    ServiceMapNodeKind.Namespace => new NodeName(ns, ns, "namespace", "namespace"),
                    ServiceMapNodeKind.Identity => new NodeName($"identity:{local}", $"{ns}/{workloadOrPod}", $"identity {local}", "identity"),
                    ServiceMapNodeKind.Pod => new NodeName($"{ns}/{local}", local, ns, "pod"),
                    _ => new NodeName($"{ns}/{local}", local, ns, side.WorkloadCount > 0 ? side.FirstWorkloadKind : "pod"),
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
        if (side.NameCount > 0 && (reserved is null or "world" or "world-ipv4" or "world-ipv6" or "unknown"))
        {
            title = side.FirstName.TrimEnd('.');
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

    /// <summary>A node's id, title, subtitle and kind.</summary>
    public sealed record NodeName(string Id, string Title, string Subtitle, string Kind);
}
