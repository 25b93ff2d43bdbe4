namespace NetObs.Hubble.FlowValues;

/// <summary>
/// The cluster part of a flow's node name. Cilium's agents name themselves <c>cluster/node</c> unless the cluster is
/// unset or called "default", when the name is the bare node (cilium/cilium pkg/node GetAbsoluteNodeName; hubble-api.md
/// §2.1 node_name), and the node_name filter reads a name without a slash as <c>default/&lt;node&gt;</c>
/// (pkg/hubble/filters/nodename.go).
/// </summary>
public static class NodeClusterName
{
    /// <summary>The cluster Cilium leaves out of node names.</summary>
    public const string Default = "default";

    /// <summary>The cluster of a node name: its prefix before the slash, "default" without one, empty for an empty name.</summary>
    public static string Of(string nodeName)
    {
        if (nodeName.Length == 0)
        {
            return string.Empty;
        }

        var slash = nodeName.IndexOf('/', StringComparison.Ordinal);
        return slash < 0 ? Default : nodeName[..slash];
    }
}
