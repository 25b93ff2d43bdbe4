using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Node-name patterns <c>[cluster/]node</c>, each part an FQDN pattern; a missing part matches
/// anything, and a flow's node name without a cluster is read as <c>default/&lt;node&gt;</c>.
/// </summary>
internal sealed class NodeNamePattern
{
    private const string AnyName = @"(?:[-0-9_a-z]+(?:\.[-0-9_a-z]+)*)";
    private const string DefaultClusterName = "default";

    private readonly Regex _qualified;
    private readonly Regex? _unqualified;

    private NodeNamePattern(Regex qualified, Regex? unqualified)
    {
        _qualified = qualified;
        _unqualified = unqualified;
    }

    public static NodeNamePattern Compile(RepeatedField<string> patterns)
    {
        var qualified = new StringBuilder(@"\A(?:");
        var unqualified = new StringBuilder(@"\A(?:");
        var unqualifiedCount = 0;
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

            var clusterPattern = parts.Length == 2 ? parts[0] : string.Empty;
            var nodePattern = parts[^1];
            var node = new StringBuilder();
            if (nodePattern.Length == 0)
            {
                node.Append(AnyName);
            }
            else
            {
                FqdnPattern.AppendPattern(node, nodePattern, "node name");
            }

            var cluster = new StringBuilder();
            if (clusterPattern.Length == 0)
            {
                cluster.Append(AnyName);
            }
            else
            {
                FqdnPattern.AppendPattern(cluster, clusterPattern, "node name");
            }

            if (i > 0)
            {
                qualified.Append('|');
            }

            qualified.Append(cluster).Append('/').Append(node);

            // Names without "/" belong to cluster "default": keep only patterns whose cluster part accepts it.
            if (Regex.IsMatch(DefaultClusterName, @"\A(?:" + cluster + @")\z", RegexOptions.CultureInvariant))
            {
                if (unqualifiedCount++ > 0)
                {
                    unqualified.Append('|');
                }

                unqualified.Append(node);
            }
        }

        qualified.Append(@")\z");
        unqualified.Append(@")\z");
        const RegexOptions options = RegexOptions.CultureInvariant | RegexOptions.NonBacktracking;
        return new NodeNamePattern(
            new Regex(qualified.ToString(), options),
            unqualifiedCount > 0 ? new Regex(unqualified.ToString(), options) : null);
    }

    public bool Matches(string nodeName)
    {
        if (nodeName.Length == 0)
        {
            return false;
        }

        if (nodeName.Contains('/', StringComparison.Ordinal))
        {
            return _qualified.IsMatch(nodeName);
        }

        return _unqualified is not null && _unqualified.IsMatch(nodeName);
    }
}
