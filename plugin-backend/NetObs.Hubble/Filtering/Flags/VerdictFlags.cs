using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--verdict</c> and <c>--drop-reason-desc</c>: what the datapath did with the flow, and why it dropped it.</summary>
internal static class VerdictFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(
            new ObserveFlag("verdict", null, ObserveValueKind.Choice, ObserveFlagFamily.Verdict, "Verdict: FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED, TRANSLATED")
            {
                // VERDICT_UNKNOWN (0) is parsed but never offered: no flow carries it.
                Choices = [.. ProtoEnumNames.Verdict.Values.Where(v => v.Number != 0).Select(v => v.Name)],
            },
            use =>
            {
                var value = use.Value;
                if (!ProtoEnumNames.TryParse(ProtoEnumNames.Verdict, value, out var verdict))
                {
                    throw use.Error(
                        $"filter: invalid --verdict value '{TextExcerpt.Of(value)}' at position {use.At.Position}{SpellingSuggestion.Hint(value, ProtoEnumNames.Names(ProtoEnumNames.Verdict))}; expected FORWARDED, DROPPED, AUDIT, REDIRECTED, ERROR, TRACED or TRANSLATED");
                }

                use.Tracker.Both(f => f.Verdict.Add((Verdict)verdict));
            }),
        new FilterFlag(
            new ObserveFlag("drop-reason-desc", null, ObserveValueKind.Text, ObserveFlagFamily.Verdict, "Drop reason enum name, e.g. POLICY_DENIED"),
            use =>
            {
                var value = use.Value;
                if (!ProtoEnumNames.TryParse(ProtoEnumNames.DropReason, value, out var reason))
                {
                    throw use.Error(
                        $"filter: invalid --drop-reason-desc value '{TextExcerpt.Of(value)}' at position {use.At.Position}{SpellingSuggestion.Hint(value, ProtoEnumNames.Names(ProtoEnumNames.DropReason))}; expected a drop reason name such as POLICY_DENIED");
                }

                use.Tracker.Both(f => f.DropReasonDesc.Add((DropReason)reason));
            }),
    ];
}
