using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.drop_reason_desc: only dropped flows carry a reason (cilium/cilium pkg/hubble/filters/drop_reason_desc.go).</summary>
internal static class DropReasonField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.DropReasonDesc.Count == 0)
        {
            return;
        }

        var reasons = filter.DropReasonDesc.ToArray();
        predicates.Add(flow => flow.Verdict == Verdict.Dropped && Array.IndexOf(reasons, flow.DropReasonDesc) >= 0);
    }
}
