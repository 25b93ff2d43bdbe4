using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_ip, source_ip_xlated, destination_ip (addresses or CIDRs) and ip_version
/// (cilium/cilium pkg/hubble/filters/ip.go).
/// </summary>
internal static class IpFields
{
    public static void AddSource(FlowFilter filter, CostedPredicates predicates) =>
        Add(predicates, filter.SourceIp, "source IP", static f => f.IP?.Source);

    public static void AddSourceXlated(FlowFilter filter, CostedPredicates predicates) =>
        Add(predicates, filter.SourceIpXlated, "source IP xlated", static f => f.IP?.SourceXlated);

    public static void AddDestination(FlowFilter filter, CostedPredicates predicates) =>
        Add(predicates, filter.DestinationIp, "destination IP", static f => f.IP?.Destination);

    public static void AddVersion(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.IpVersion.Count == 0)
        {
            return;
        }

        var versions = filter.IpVersion.ToArray();
        predicates.Add(flow => Array.IndexOf(versions, flow.IP?.IpVersion ?? IPVersion.IpNotUsed) >= 0);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, string what, Func<Flow, string?> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var matcher = IpMatcher.Compile(values, what);
        predicates.Add(flow => matcher.Matches(get(flow)), CostedPredicates.Address);
    }
}
