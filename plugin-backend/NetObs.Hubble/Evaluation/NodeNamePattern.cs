using Google.Protobuf.Collections;
using NetObs.Hubble.FlowValues;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Node-name patterns <c>[cluster/]node</c>, each part an FQDN pattern (case-sensitive on the flow's
/// name, as upstream's regex is); a missing part matches any plain name, and a flow's node name
/// without a cluster is read as <c>default/&lt;node&gt;</c>.
/// </summary>
internal sealed class NodeNamePattern
{
    private readonly (DnsGlob? Cluster, DnsGlob? Node)[] _patterns;

    private NodeNamePattern((DnsGlob?, DnsGlob?)[] patterns) => _patterns = patterns;

    public static NodeNamePattern Compile(RepeatedField<string> patterns)
    {
        var compiled = new (DnsGlob?, DnsGlob?)[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            var pattern = patterns[i];
            if (pattern.Length == 0)
            {
                throw new InvalidFlowFilterException("invalid node name filter: empty pattern; use [cluster/]node, for example aks-nodepool1-* or mycluster/*");
            }

            var parts = pattern.Split('/');
            if (parts.Length > 2)
            {
                throw new InvalidFlowFilterException($"invalid node name filter: too many slashes in pattern \"{pattern}\"");
            }

            var cluster = parts.Length == 2 && parts[0].Length > 0 ? DnsGlob.Parse(parts[0], "node name") : null;
            var node = parts[^1].Length > 0 ? DnsGlob.Parse(parts[^1], "node name") : null;
            compiled[i] = (cluster, node);
        }

        return new NodeNamePattern(compiled);
    }

    /// <summary>
    /// An RE2 pattern that a whole node name matches exactly when <see cref="Matches"/> accepts it: <c>cluster/node</c>
    /// for each pattern, and the bare node for patterns whose cluster part accepts "default".
    /// </summary>
    public string ToRegex()
    {
        var alternatives = new List<string>(2 * _patterns.Length);
        foreach (var (clusterGlob, nodeGlob) in _patterns)
        {
            var node = nodeGlob?.ToRegex() ?? DnsGlob.PlainNameRegex;
            alternatives.Add($"{clusterGlob?.ToRegex() ?? DnsGlob.PlainNameRegex}/{node}");
            if (clusterGlob?.Matches(NodeClusterName.Default, ignoreCase: false) ?? true)
            {
                // Only a pattern of stars matches the empty string, and an empty node name matches nothing.
                alternatives.Add(nodeGlob is not null && nodeGlob.Matches(string.Empty, ignoreCase: false) ? "[-._0-9a-z]+" : node);
            }
        }

        return string.Join('|', alternatives.Distinct(StringComparer.Ordinal).Select(a => $"(?:{a})"));
    }

    public bool Matches(string nodeName)
    {
        if (nodeName.Length == 0)
        {
            return false;
        }

        var slash = nodeName.IndexOf('/', StringComparison.Ordinal);
        var cluster = slash < 0 ? NodeClusterName.Default.AsSpan() : nodeName.AsSpan(0, slash);
        var node = slash < 0 ? nodeName.AsSpan() : nodeName.AsSpan(slash + 1);
        foreach (var (clusterGlob, nodeGlob) in _patterns)
        {
            var clusterOk = clusterGlob?.Matches(cluster, ignoreCase: false) ?? DnsGlob.IsPlainName(cluster);
            if (clusterOk && (nodeGlob?.Matches(node, ignoreCase: false) ?? DnsGlob.IsPlainName(node)))
            {
                return true;
            }
        }

        return false;
    }
}
