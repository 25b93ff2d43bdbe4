using Cilium.Flow;

namespace NetObs.Query.Variables;

/// <summary>The endpoints, labels, FQDNs and nodes seen in a sample of flows, sorted and de-duplicated.</summary>
public sealed class EndpointSample
{
    private readonly SortedSet<(string Namespace, string Pod)> _pods = [];
    private readonly SortedSet<(string Namespace, string Workload)> _workloads = [];

    public SortedSet<string> Namespaces { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Nodes { get; } = new(StringComparer.Ordinal);

    public SortedSet<string> Fqdns { get; } = new(StringComparer.Ordinal);

    /// <summary>Label key (without the <c>k8s:</c> source prefix) → values.</summary>
    public SortedDictionary<string, SortedSet<string>> Labels { get; } = new(StringComparer.Ordinal);

    public void Add(Flow flow, string node)
    {
        if (node.Length > 0)
        {
            Nodes.Add(node);
        }

        AddEndpoint(flow.Source);
        AddEndpoint(flow.Destination);
        foreach (var name in flow.SourceNames.Concat(flow.DestinationNames))
        {
            Fqdns.Add(name.TrimEnd('.'));
        }

        if (flow.L7?.Dns is { Query.Length: > 0 } dns)
        {
            Fqdns.Add(dns.Query.TrimEnd('.'));
        }
    }

    public IEnumerable<string> Pods(string? ns) =>
        ns is null ? _pods.Select(p => $"{p.Namespace}/{p.Pod}") : _pods.Where(p => p.Namespace == ns).Select(p => p.Pod);

    public IEnumerable<string> Workloads(string? ns) =>
        ns is null ? _workloads.Select(w => $"{w.Namespace}/{w.Workload}") : _workloads.Where(w => w.Namespace == ns).Select(w => w.Workload);

    /// <summary>A label key as users type it in `--label`: Kubernetes labels without their <c>k8s:</c> source prefix.</summary>
    public static string LabelKey(string key) => key.StartsWith("k8s:", StringComparison.Ordinal) ? key[4..] : key;

    private void AddEndpoint(Endpoint? endpoint)
    {
        if (endpoint is null)
        {
            return;
        }

        if (endpoint.Namespace.Length > 0)
        {
            Namespaces.Add(endpoint.Namespace);
            if (endpoint.PodName.Length > 0)
            {
                _pods.Add((endpoint.Namespace, endpoint.PodName));
            }

            foreach (var workload in endpoint.Workloads)
            {
                if (workload.Name.Length > 0)
                {
                    _workloads.Add((endpoint.Namespace, workload.Name));
                }
            }
        }

        foreach (var label in endpoint.Labels)
        {
            var equals = label.IndexOf('=', StringComparison.Ordinal);
            var key = LabelKey(equals < 0 ? label : label[..equals]);
            var value = equals < 0 ? string.Empty : label[(equals + 1)..];
            if (!Labels.TryGetValue(key, out var values))
            {
                values = new SortedSet<string>(StringComparer.Ordinal);
                Labels[key] = values;
            }

            values.Add(value);
        }
    }
}
