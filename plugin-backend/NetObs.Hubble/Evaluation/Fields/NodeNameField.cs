using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.node_name: <c>[cluster/]node</c> patterns (cilium/cilium pkg/hubble/filters/nodename.go).</summary>
internal static class NodeNameField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.NodeName.Count == 0)
        {
            return;
        }

        var pattern = NodeNamePattern.Compile(filter.NodeName);
        predicates.Add(flow => pattern.Matches(flow.NodeName), CostedPredicates.Pattern);
    }
}
