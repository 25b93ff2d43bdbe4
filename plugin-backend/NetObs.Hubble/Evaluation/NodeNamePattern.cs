using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Node-name patterns <c>[cluster/]node</c>, each part an FQDN pattern (case-sensitive on the flow's
/// name, as upstream's regex is); a missing part matches any plain name, and a flow's node name
/// without a cluster is read as <c>default/&lt;node&gt;</c>.
/// </summary>
internal sealed class NodeNamePattern
{
    private const string DefaultClusterName = "default";

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

    public bool Matches(string nodeName)
    {
        if (nodeName.Length == 0)
        {
            return false;
        }

        var slash = nodeName.IndexOf('/', StringComparison.Ordinal);
        var cluster = slash < 0 ? DefaultClusterName.AsSpan() : nodeName.AsSpan(0, slash);
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
