using Cilium.Flow;
using Google.Protobuf;
using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Filters passed through as written: <c>--allowlist</c>/<c>--denylist</c> take a whole FlowFilter as protobuf JSON
/// (checked by compiling it as the server would), <c>--cel-expression</c> fills FlowFilter.experimental.cel_expression.
/// </summary>
internal static class RawFilterFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("cel-expression", ObserveValueKind.Expression, "CEL expression over _flow (evaluated by a real relay only)"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => (f.Experimental ??= new FlowFilter.Types.Experimental()).CelExpression.Add(value));
        }),
        new OptionFlag(Flag("allowlist", ObserveValueKind.FlowFilterJson, "Raw FlowFilter JSON appended to the allowlist"), use => use.Request.RawAllow.Add(Parse("allowlist", use))),
        new OptionFlag(Flag("denylist", ObserveValueKind.FlowFilterJson, "Raw FlowFilter JSON appended to the denylist"), use => use.Request.RawDeny.Add(Parse("denylist", use))),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.RawFilter, description);

    private static FlowFilter Parse(string flag, OptionFlagUse use)
    {
        try
        {
            var filter = JsonParser.Default.Parse<FlowFilter>(use.Value);
            FlowFilterEvaluator.Compile([filter], []);
            return filter;
        }
        catch (Exception e) when (e is InvalidProtocolBufferException or InvalidJsonException or InvalidFlowFilterException or FormatException)
        {
            throw use.Error($"filter: invalid --{flag} FlowFilter JSON at position {use.At.Position}: {TextExcerpt.Of(e.Message, 4 * TextExcerpt.MaxQuoted)}");
        }
    }
}
