namespace NetObs.Hubble.Filtering;

/// <summary><c>--identity</c>, <c>--from-identity</c>, <c>--to-identity</c>: numeric or reserved security identities.</summary>
internal static class IdentityFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("identity", "Security identity (number or reserved name such as world, host) of the source or the destination"), use =>
        {
            var identity = Parse(use);
            use.Tracker.Left(f => f.SourceIdentity.Add(identity));
            use.Tracker.Right(f => f.DestinationIdentity.Add(identity));
        }),
        new FilterFlag(Flag("from-identity", "Security identity of the source"), use =>
        {
            var identity = Parse(use);
            use.Tracker.Both(f => f.SourceIdentity.Add(identity));
        }),
        new FilterFlag(Flag("to-identity", "Security identity of the destination"), use =>
        {
            var identity = Parse(use);
            use.Tracker.Both(f => f.DestinationIdentity.Add(identity));
        }),
    ];

    private static ObserveFlag Flag(string name, string description) =>
        new(name, null, ObserveValueKind.Identity, ObserveFlagFamily.Identity, description) { Choices = [.. ObserveValues.ReservedIdentities.Keys] };

    private static uint Parse(FilterFlagUse use)
    {
        if (!ObserveValues.TryParseIdentity(use.Value, out var identity))
        {
            throw use.Error(
                $"filter: invalid security identity '{TextExcerpt.Of(use.Value)}' for {use.Typed} at position {use.At.Position}{SpellingSuggestion.Hint(use.Value, ObserveValues.ReservedIdentities.Keys)}; expected one of {string.Join(", ", ObserveValues.ReservedIdentities.Keys)} or a numeric value");
        }

        return identity;
    }
}
