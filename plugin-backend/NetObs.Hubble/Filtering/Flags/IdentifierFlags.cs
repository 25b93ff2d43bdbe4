using System.Globalization;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--uuid</c>, <c>--trace-id</c>, <c>--ip-trace-id</c>: flows picked by an identifier rather than by endpoint.</summary>
internal static class IdentifierFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("uuid", ObserveValueKind.Text, "Flow UUID"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.Uuid.Add(value));
        }),
        new FilterFlag(Flag("trace-id", ObserveValueKind.Text, "Trace ID of the trace context"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.TraceId.Add(value));
        }),
        new FilterFlag(Flag("ip-trace-id", ObserveValueKind.Number, "IP option trace ID (a number greater than 0)"), use =>
        {
            if (!ulong.TryParse(use.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var traceId) || traceId == 0)
            {
                throw use.Error($"filter: invalid {use.Typed} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; must be a number greater than 0");
            }

            use.Tracker.Both(f => f.IpTraceId.Add(traceId));
        }),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Identifier, description);
}
