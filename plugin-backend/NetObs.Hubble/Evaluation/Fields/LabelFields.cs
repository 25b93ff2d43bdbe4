using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_label, destination_label, node_labels: label selectors, any of which may match
/// (cilium/cilium pkg/hubble/filters/labels.go).
/// </summary>
internal static class LabelFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourceLabel, "source label", static f => f.Source?.Labels);
        Add(predicates, filter.DestinationLabel, "destination label", static f => f.Destination?.Labels);
        Add(predicates, filter.NodeLabels, "node label", static f => f.NodeLabels);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, RepeatedField<string>?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var selectors = new LabelSelector[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            try
            {
                selectors[i] = LabelSelector.Parse(values[i]);
            }
            catch (FormatException e)
            {
                throw new InvalidFlowFilterException($"invalid {what} filter: {e.Message}", e);
            }
        }

        predicates.Add(flow =>
        {
            var labels = get(flow);
            foreach (var selector in selectors)
            {
                if (selector.Matches(labels))
                {
                    return true;
                }
            }

            return false;
        }, CostedPredicates.Labels);
    }
}
