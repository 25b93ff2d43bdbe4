using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_cluster_name, destination_cluster_name: exact, never empty
/// (cilium/cilium pkg/hubble/filters/cluster_name.go).
/// </summary>
internal static class ClusterNameFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourceClusterName, "source", static f => f.Source?.ClusterName);
        Add(predicates, filter.DestinationClusterName, "destination", static f => f.Destination?.ClusterName);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, string side, Func<Flow, string?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        if (values.Any(v => v.Length == 0))
        {
            throw new InvalidFlowFilterException($"invalid {side} cluster name filter: the cluster name must not be empty");
        }

        var names = values.ToHashSet(StringComparer.Ordinal);
        predicates.Add(flow => get(flow) is { Length: > 0 } name && names.Contains(name), CostedPredicates.Text);
    }
}
