using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.tcp_flags: every flag of one entry must be set; entries OR
/// (cilium/cilium pkg/hubble/filters/tcp.go).
/// </summary>
internal static class TcpFlagsField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.TcpFlags.Count == 0)
        {
            return;
        }

        var masks = filter.TcpFlags.Select(TcpFlagMask.Of).ToArray();
        predicates.Add(flow => Matches(masks, flow));
    }

    private static bool Matches(ushort[] masks, Flow flow)
    {
        if (flow.L4?.TCP?.Flags is not { } flags)
        {
            return false;
        }

        var actual = TcpFlagMask.Of(flags);
        foreach (var mask in masks)
        {
            if ((actual & mask) == mask)
            {
                return true;
            }
        }

        return false;
    }
}
