using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.source_identity, destination_identity: numeric security identities (cilium/cilium pkg/hubble/filters/identity.go).</summary>
internal static class IdentityFields
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourceIdentity, static f => f.Source?.Identity ?? 0);
        Add(predicates, filter.DestinationIdentity, static f => f.Destination?.Identity ?? 0);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<uint> values, Func<Flow, uint> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var identities = values.ToArray();
        predicates.Add(flow => Array.IndexOf(identities, get(flow)) >= 0);
    }
}
