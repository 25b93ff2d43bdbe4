namespace NetObs.Hubble.Filtering;

/// <summary>A flag of the language together with what applying it does; the parser dispatches on the kind.</summary>
internal abstract record ObserveFlagDefinition(ObserveFlag Flag);

/// <summary>A flag that adds a condition to the allowlist (or, after <c>--not</c>, the denylist).</summary>
internal sealed record FilterFlag(ObserveFlag Flag, Action<FilterFlagUse> Apply) : ObserveFlagDefinition(Flag);

/// <summary>A flag that sets a request option or appends a raw filter; <c>--not</c> cannot precede it.</summary>
internal sealed record OptionFlag(ObserveFlag Flag, Action<OptionFlagUse> Apply) : ObserveFlagDefinition(Flag);

/// <summary><c>--not</c>: the parser itself sends the next filter flag to the denylist.</summary>
internal sealed record NegationFlag(ObserveFlag Flag) : ObserveFlagDefinition(Flag)
{
    public static NegationFlag Not { get; } = new(new ObserveFlag(
        "not", null, ObserveValueKind.Switch, ObserveFlagFamily.Negation, "Send the next filter flag to the denylist instead of the allowlist"));
}
