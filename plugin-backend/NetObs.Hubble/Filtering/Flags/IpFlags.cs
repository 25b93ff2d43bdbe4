using Cilium.Flow;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--ip</c>, <c>--from-ip</c>, <c>--to-ip</c>, <c>--snat-ip</c>, <c>--ipv4</c>, <c>--ipv6</c>, <c>--ip-version</c>: L3 addresses and versions.</summary>
internal static class IpFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("ip", null, ObserveValueKind.IpAddress, "IP address or CIDR of the source or the destination"), use =>
        {
            var value = Validated(use, "IP");
            use.Tracker.Left(f => f.SourceIp.Add(value));
            use.Tracker.Right(f => f.DestinationIp.Add(value));
        }),
        new FilterFlag(Flag("from-ip", null, ObserveValueKind.IpAddress, "IP address or CIDR of the source"), use =>
        {
            var value = Validated(use, "source IP");
            use.Tracker.Both(f => f.SourceIp.Add(value));
        }),
        new FilterFlag(Flag("to-ip", null, ObserveValueKind.IpAddress, "IP address or CIDR of the destination"), use =>
        {
            var value = Validated(use, "destination IP");
            use.Tracker.Both(f => f.DestinationIp.Add(value));
        }),
        new FilterFlag(Flag("snat-ip", null, ObserveValueKind.IpAddress, "Source IP or CIDR after SNAT"), use =>
        {
            var value = Validated(use, "SNAT IP");
            use.Tracker.Both(f => f.SourceIpXlated.Add(value));
        }),
        new FilterFlag(Flag("ipv4", '4', ObserveValueKind.Switch, "IPv4 flows only"), use => use.Tracker.Both(f => f.IpVersion.Add(IPVersion.Ipv4))),
        new FilterFlag(Flag("ipv6", '6', ObserveValueKind.Switch, "IPv6 flows only"), use => use.Tracker.Both(f => f.IpVersion.Add(IPVersion.Ipv6))),
        new FilterFlag(
            Flag("ip-version", null, ObserveValueKind.Choice, "IP version: 4, v4, ipv4, ip4, 6, v6, ipv6, ip6 or none") with
            {
                Choices = ["4", "v4", "ipv4", "ip4", "6", "v6", "ipv6", "ip6", "none"],
            },
            use =>
            {
                var version = use.Value.ToLowerInvariant() switch
                {
                    "4" or "v4" or "ipv4" or "ip4" => IPVersion.Ipv4,
                    "6" or "v6" or "ipv6" or "ip6" => IPVersion.Ipv6,
                    "none" or "0" => IPVersion.IpNotUsed,
                    _ => throw use.Error($"filter: invalid {use.Typed} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; expected 4, v4, ipv4, ip4, 6, v6, ipv6, ip6 or none"),
                };
                use.Tracker.Both(f => f.IpVersion.Add(version));
            }),
    ];

    private static ObserveFlag Flag(string name, char? shortName, ObserveValueKind value, string description) =>
        new(name, shortName, value, ObserveFlagFamily.Ip, description);

    private static string Validated(FilterFlagUse use, string what)
    {
        var value = use.Value;
        use.Validate(() => IpMatcher.Compile([value], what));
        return value;
    }
}
