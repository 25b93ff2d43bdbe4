using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.experimental.cel_expression (cilium/cilium pkg/hubble/filters/cel_expression.go): refused, because
/// NetObs has no CEL interpreter and a filter it cannot evaluate must not silently match everything.
/// </summary>
internal static class CelExpressionField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Experimental is { CelExpression.Count: > 0 })
        {
            throw new InvalidFlowFilterException(
                $"invalid CEL expression filter: NetObs does not evaluate CEL expressions ('{filter.Experimental.CelExpression[0]}'); " +
                "send the filter to a real Hubble Relay or use the other filter fields");
        }
    }
}
