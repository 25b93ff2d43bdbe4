using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.event_type: monitor type, and sub-type when asked to match it; type 0 matches any
/// (cilium/cilium pkg/hubble/filters/event_type.go).
/// </summary>
internal static class EventTypeField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.EventType.Count == 0)
        {
            return;
        }

        var types = filter.EventType.Select(t => (t.Type, t.MatchSubType, t.SubType)).ToArray();
        predicates.Add(flow => Matches(types, flow.EventType));
    }

    private static bool Matches((int Type, bool MatchSubType, int SubType)[] wanted, CiliumEventType? actual)
    {
        if (actual is null)
        {
            return false;
        }

        foreach (var (type, matchSubType, subType) in wanted)
        {
            if (type != 0 && type != actual.Type)
            {
                continue;
            }

            if (matchSubType && subType != actual.SubType)
            {
                continue;
            }

            return true;
        }

        return false;
    }
}
