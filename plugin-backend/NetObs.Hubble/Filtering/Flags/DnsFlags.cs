using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--fqdn</c>, <c>--from-fqdn</c>, <c>--to-fqdn</c>: DNS names the endpoints were resolved from.</summary>
internal static class DnsFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("fqdn", "DNS name pattern of the source or the destination (`*` allowed)"), use =>
        {
            var value = Validated(use);
            use.Tracker.Left(f => f.SourceFqdn.Add(value));
            use.Tracker.Right(f => f.DestinationFqdn.Add(value));
        }),
        new FilterFlag(Flag("from-fqdn", "DNS name pattern of the source"), use =>
        {
            var value = Validated(use);
            use.Tracker.Both(f => f.SourceFqdn.Add(value));
        }),
        new FilterFlag(Flag("to-fqdn", "DNS name pattern of the destination"), use =>
        {
            var value = Validated(use);
            use.Tracker.Both(f => f.DestinationFqdn.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, string description) =>
        new(name, null, ObserveValueKind.NamePattern, ObserveFlagFamily.Dns, description);

    private static string Validated(FilterFlagUse use)
    {
        var value = use.Value;
        use.Validate(() => FqdnPattern.Compile([value]));
        return value;
    }
}
