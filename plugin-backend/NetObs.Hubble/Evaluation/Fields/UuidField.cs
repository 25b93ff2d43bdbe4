using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.uuid: the flow's UUID, exactly (cilium/cilium pkg/hubble/filters/uuid.go).</summary>
internal static class UuidField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Uuid.Count == 0)
        {
            return;
        }

        var uuids = filter.Uuid.ToHashSet(StringComparer.Ordinal);
        predicates.Add(flow => flow.Uuid.Length > 0 && uuids.Contains(flow.Uuid), CostedPredicates.Text);
    }
}
