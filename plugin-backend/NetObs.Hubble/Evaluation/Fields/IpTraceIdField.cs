using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.ip_trace_id: the IP option trace ID (cilium/cilium pkg/hubble/filters/ip_trace_id.go).</summary>
internal static class IpTraceIdField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.IpTraceId.Count == 0)
        {
            return;
        }

        var ids = filter.IpTraceId.ToArray();
        predicates.Add(flow => flow.IpTraceId is { } id && Array.IndexOf(ids, id.TraceId) >= 0);
    }
}
