using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.trace_id: the trace context's parent trace ID (cilium/cilium pkg/hubble/filters/tracing.go).</summary>
internal static class TraceIdField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.TraceId.Count == 0)
        {
            return;
        }

        var ids = filter.TraceId.ToHashSet(StringComparer.Ordinal);
        predicates.Add(flow => flow.TraceContext?.Parent is { } parent && ids.Contains(parent.TraceId));
    }
}
