using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.traffic_direction: ingress or egress (cilium/cilium pkg/hubble/filters/traffic_direction.go).</summary>
internal static class TrafficDirectionField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.TrafficDirection.Count == 0)
        {
            return;
        }

        var directions = filter.TrafficDirection.ToArray();
        predicates.Add(flow => Array.IndexOf(directions, flow.TrafficDirection) >= 0);
    }
}
