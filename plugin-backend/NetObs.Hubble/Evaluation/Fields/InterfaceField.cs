using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.interface: index and name, a zero index or empty name matching any
/// (cilium/cilium pkg/hubble/filters/network_interface.go).
/// </summary>
internal static class InterfaceField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Interface.Count == 0)
        {
            return;
        }

        var interfaces = filter.Interface.Select(i => (i.Index, i.Name)).ToArray();
        predicates.Add(flow => Matches(interfaces, flow.Interface));
    }

    private static bool Matches((uint Index, string Name)[] wanted, NetworkInterface? actual)
    {
        if (actual is null)
        {
            return false;
        }

        foreach (var (index, name) in wanted)
        {
            if ((index == 0 || index == actual.Index) && (name.Length == 0 || name == actual.Name))
            {
                return true;
            }
        }

        return false;
    }
}
