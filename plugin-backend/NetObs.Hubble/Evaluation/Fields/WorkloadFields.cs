using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_workload, destination_workload: name and kind, an empty one matching any
/// (cilium/cilium pkg/hubble/filters/workload.go).
/// </summary>
internal static class WorkloadFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourceWorkload, static f => f.Source);
        Add(predicates, filter.DestinationWorkload, static f => f.Destination);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<Workload> values, Func<Flow, Endpoint?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var wanted = values.Select(w => (w.Name, w.Kind)).ToArray();
        predicates.Add(flow =>
        {
            var endpoint = get(flow);
            if (endpoint is null)
            {
                return false;
            }

            foreach (var (name, kind) in wanted)
            {
                foreach (var workload in endpoint.Workloads)
                {
                    if ((name.Length == 0 || name == workload.Name) && (kind.Length == 0 || kind == workload.Kind))
                    {
                        return true;
                    }
                }
            }

            return false;
        }, CostedPredicates.Text);
    }
}
