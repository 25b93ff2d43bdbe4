namespace NetObs.Hubble.Filtering;

/// <summary>
/// <c>--protocol</c> with our <c>--dns</c>/<c>--http</c>/<c>--kafka</c> shorthands, and <c>--tcp-flags</c>: what the
/// flow carries at L4 and L7.
/// </summary>
internal static class ProtocolFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("protocol", ObserveValueKind.Choice, "L4 or L7 protocol: icmp, icmpv4, icmpv6, tcp, udp, sctp, vrrp, igmp, dns, http, kafka") with { Choices = ObserveValues.Protocols }, use =>
        {
            var value = use.Value;
            var protocol = value.ToLowerInvariant();
            if (!ObserveValues.Protocols.Contains(protocol))
            {
                throw use.Error(
                    $"filter: unknown protocol '{TextExcerpt.Of(value)}' for {use.Typed} at position {use.At.Position}{SpellingSuggestion.Hint(value, ObserveValues.Protocols)}; expected one of {string.Join(", ", ObserveValues.Protocols)}");
            }

            use.Tracker.Both(f => f.Protocol.Add(protocol));
        }),
        Shorthand("dns"),
        Shorthand("http"),
        Shorthand("kafka"),
        new FilterFlag(Flag("tcp-flags", ObserveValueKind.ChoiceList, "TCP flags that must all be set, comma-separated (e.g. syn,ack); repeat to OR") with { Choices = ObserveValues.TcpFlagNames }, use =>
        {
            var value = use.Value;
            if (!ObserveValues.TryParseTcpFlags(value, out var flags, out var badFlag))
            {
                throw use.Error(
                    $"filter: unknown TCP flag '{TextExcerpt.Of(badFlag)}' in {use.Typed} '{TextExcerpt.Of(value)}' at position {use.At.Position}{SpellingSuggestion.Hint(badFlag, ObserveValues.TcpFlagNames)}; expected a comma-separated list of {string.Join(", ", ObserveValues.TcpFlagNames)}");
            }

            use.Tracker.Both(f => f.TcpFlags.Add(flags));
        }),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Protocol, description);

    // A switch that means --protocol <name>: panels filter on L7 protocols often enough to deserve one word.
    private static FilterFlag Shorthand(string protocol) =>
        new(Flag(protocol, ObserveValueKind.Switch, $"NetObs shorthand for --protocol {protocol}"), use => use.Tracker.Both(f => f.Protocol.Add(protocol)));
}
