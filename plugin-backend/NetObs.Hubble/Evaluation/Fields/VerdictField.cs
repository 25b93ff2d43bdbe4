using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.verdict (cilium/cilium pkg/hubble/filters/verdict.go).</summary>
internal static class VerdictField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Verdict.Count == 0)
        {
            return;
        }

        var verdicts = filter.Verdict.ToArray();
        predicates.Add(flow => Array.IndexOf(verdicts, flow.Verdict) >= 0);
    }
}
