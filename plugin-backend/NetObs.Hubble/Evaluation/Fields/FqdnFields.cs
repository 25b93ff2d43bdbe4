using Cilium.Flow;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FlowFilter.source_fqdn, destination_fqdn (name patterns) and dns_query (regular expressions over the query)
/// (cilium/cilium pkg/hubble/filters/fqdn.go).
/// </summary>
internal static class FqdnFields
{
    public static void AddNames(FlowFilter filter, CostedPredicates predicates)
    {
        Add(predicates, filter.SourceFqdn, static f => f.SourceNames);
        Add(predicates, filter.DestinationFqdn, static f => f.DestinationNames);
    }

    public static void AddDnsQuery(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.DnsQuery.Count == 0)
        {
            return;
        }

        var patterns = Re2Regex.CompileAll(filter.DnsQuery, "invalid DNS query filter");
        predicates.Add(flow => flow.L7?.Dns is { } dns && Re2Regex.AnyMatch(patterns, dns.Query), CostedPredicates.Regex);
    }

    private static void Add(CostedPredicates predicates, RepeatedField<string> values, Func<Flow, RepeatedField<string>> get)
    {
        if (values.Count == 0)
        {
            return;
        }

        var pattern = FqdnPattern.Compile(values);
        predicates.Add(flow => pattern.MatchesAny(get(flow)), CostedPredicates.Pattern);
    }
}
