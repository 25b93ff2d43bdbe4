using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// The CLI's pair of filters for one list (allow or deny): one-sided flags write into both
/// <c>left</c> and <c>right</c>, symmetric flags write the source variant into <c>left</c> and the
/// destination variant into <c>right</c>; namespaces are applied when the filters are materialised
/// (cilium/cilium hubble/cmd/observe/flows_filter.go, v1.19).
/// </summary>
internal sealed class FilterTracker
{
    // Flags that cannot be combined within one list, as the CLI's conflict table has them.
    private static readonly string[][] ConflictGroups =
    [
        ["from-fqdn", "from-ip", "ip", "fqdn", "from-namespace", "namespace", "from-all-namespaces", "all-namespaces"],
        ["from-fqdn", "from-ip", "ip", "fqdn", "from-pod", "pod"],
        ["to-fqdn", "to-ip", "ip", "fqdn", "to-namespace", "namespace", "to-all-namespaces", "all-namespaces"],
        ["to-fqdn", "to-ip", "ip", "fqdn", "to-pod", "pod"],
        ["to-pod", "namespace", "all-namespaces"],
        ["from-pod", "namespace", "all-namespaces"],
        ["to-service", "namespace", "all-namespaces"],
        ["from-service", "namespace", "all-namespaces"],
        ["label", "from-label"],
        ["label", "to-label"],
        ["service", "from-service"],
        ["service", "to-service"],
        ["port", "to-port"],
        ["port", "from-port"],
        ["identity", "to-identity"],
        ["identity", "from-identity"],
        ["workload", "to-workload"],
        ["workload", "from-workload"],
        ["node-name", "cluster"],
        ["encrypted", "unencrypted"],
    ];

    private readonly List<string> _changed = [];
    private readonly List<string> _ns = [];
    private readonly List<string> _srcNs = [];
    private readonly List<string> _dstNs = [];
    private FlowFilter? _left;
    private FlowFilter? _right;

    public List<string> Namespaces => _ns;

    public List<string> SourceNamespaces => _srcNs;

    public List<string> DestinationNamespaces => _dstNs;

    /// <summary>Records that a flag was used; returns the flag it conflicts with, if any.</summary>
    public string? Track(string flag)
    {
        if (!_changed.Contains(flag))
        {
            _changed.Add(flag);
        }

        foreach (var group in ConflictGroups)
        {
            if (!group.Contains(flag))
            {
                continue;
            }

            foreach (var other in group)
            {
                if (other != flag && _changed.Contains(other))
                {
                    return other;
                }
            }
        }

        return null;
    }

    public void Both(Action<FlowFilter> update)
    {
        Left(update);
        Right(update);
    }

    public void Left(Action<FlowFilter> update) => update(_left ??= new FlowFilter());

    public void Right(Action<FlowFilter> update) => update(_right ??= new FlowFilter());

    /// <summary>Returns a sentence when a pod or service names a namespace other than a namespace flag's.</summary>
    public string? NamespaceConflict()
    {
        foreach (var filter in new[] { _left, _right })
        {
            if (filter is null)
            {
                continue;
            }

            var conflict = Conflicts(_ns, filter.SourcePod) ?? Conflicts(_ns, filter.SourceService)
                ?? Conflicts(_ns, filter.DestinationPod) ?? Conflicts(_ns, filter.DestinationService)
                ?? Conflicts(_srcNs, filter.SourcePod) ?? Conflicts(_srcNs, filter.SourceService)
                ?? Conflicts(_dstNs, filter.DestinationPod) ?? Conflicts(_dstNs, filter.DestinationService)
                ?? Inconsistent(filter.SourcePod, filter.SourceService)
                ?? Inconsistent(filter.DestinationPod, filter.DestinationService);
            if (conflict is not null)
            {
                return conflict;
            }
        }

        return null;
    }

    public List<FlowFilter> Materialize()
    {
        if (_left is null && _right is null && _ns.Count == 0 && _srcNs.Count == 0 && _dstNs.Count == 0)
        {
            return [];
        }

        var left = _left?.Clone() ?? new FlowFilter();
        var right = _right?.Clone() ?? new FlowFilter();
        if (_dstNs.Count > 0)
        {
            ApplyDestination(_dstNs, left);
            ApplyDestination(_dstNs, right);
        }

        if (_srcNs.Count > 0)
        {
            ApplySource(_srcNs, left);
            ApplySource(_srcNs, right);
        }

        if (_ns.Count > 0)
        {
            ApplySource(_ns, left);
            ApplyDestination(_ns, right);
        }

        return left.Equals(right) ? [left] : [left, right];
    }

    private static void ApplySource(List<string> namespaces, FlowFilter filter)
    {
        if (filter.SourcePod.Count == 0 && filter.SourceService.Count == 0)
        {
            filter.SourcePod.Add(string.Empty);
        }

        Prefix(filter.SourcePod, namespaces);
        Prefix(filter.SourceService, namespaces);
    }

    private static void ApplyDestination(List<string> namespaces, FlowFilter filter)
    {
        if (filter.DestinationPod.Count == 0 && filter.DestinationService.Count == 0)
        {
            filter.DestinationPod.Add(string.Empty);
        }

        Prefix(filter.DestinationPod, namespaces);
        Prefix(filter.DestinationService, namespaces);
    }

    private static void Prefix(RepeatedField<string> names, List<string> namespaces)
    {
        if (names.Count == 0)
        {
            return;
        }

        var result = new List<string>();
        foreach (var name in names)
        {
            if (name.Contains('/', StringComparison.Ordinal))
            {
                result.Add(name);
                continue;
            }

            foreach (var ns in namespaces)
            {
                result.Add($"{ns}/{name}");
            }
        }

        names.Clear();
        names.AddRange(result);
    }

    private static string? Conflicts(List<string> namespaces, RepeatedField<string> names)
    {
        foreach (var ns in namespaces)
        {
            foreach (var name in names)
            {
                var nameNs = NamespaceOf(name);
                if (nameNs.Length > 0 && nameNs != ns)
                {
                    return $"namespace conflict: \"{ns}\" does not contain \"{name}\"";
                }
            }
        }

        return null;
    }

    private static string? Inconsistent(RepeatedField<string> pods, RepeatedField<string> services)
    {
        foreach (var pod in pods)
        {
            var podNs = NamespaceOf(pod);
            if (podNs.Length == 0)
            {
                continue;
            }

            foreach (var service in services)
            {
                if (NamespaceOf(service) != podNs)
                {
                    return $"namespace of service \"{service}\" conflicts with pod namespace \"{podNs}\"";
                }
            }
        }

        return null;
    }

    private static string NamespaceOf(string name)
    {
        var slash = name.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? string.Empty : name[..slash];
    }
}
