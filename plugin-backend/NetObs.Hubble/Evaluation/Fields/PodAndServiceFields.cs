using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_pod, destination_pod, source_service, destination_service: <c>[namespace/]name-prefix</c>
/// (cilium/cilium pkg/hubble/filters/k8s.go).
/// </summary>
internal static class PodAndServiceFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourcePod, "source pod", static f => f.Source is { } e ? (e.Namespace, e.PodName) : (string.Empty, string.Empty));
        Add(predicates, filter.DestinationPod, "destination pod", static f => f.Destination is { } e ? (e.Namespace, e.PodName) : (string.Empty, string.Empty));
        Add(predicates, filter.SourceService, "source service", static f => f.SourceService is { } s ? (s.Namespace, s.Name) : (string.Empty, string.Empty));
        Add(predicates, filter.DestinationService, "destination service", static f => f.DestinationService is { } s ? (s.Namespace, s.Name) : (string.Empty, string.Empty));
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, (string Namespace, string Name)> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var matcher = NamespacedNameMatcher.Compile(values, what);
        predicates.Add(flow =>
        {
            var (ns, name) = get(flow);
            return matcher.Matches(ns, name);
        }, CostedPredicates.Text);
    }
}
