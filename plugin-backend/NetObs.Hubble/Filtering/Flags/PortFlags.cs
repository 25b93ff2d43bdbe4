using System.Globalization;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--port</c>, <c>--from-port</c>, <c>--to-port</c>: TCP, UDP and SCTP ports of the endpoints.</summary>
internal static class PortFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("port", "L4 port of the source or the destination"), use =>
        {
            Validate(use);
            var value = use.Value;
            use.Tracker.Left(f => f.SourcePort.Add(value));
            use.Tracker.Right(f => f.DestinationPort.Add(value));
        }),
        new FilterFlag(Flag("from-port", "L4 source port"), use =>
        {
            Validate(use);
            var value = use.Value;
            use.Tracker.Both(f => f.SourcePort.Add(value));
        }),
        new FilterFlag(Flag("to-port", "L4 destination port"), use =>
        {
            Validate(use);
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationPort.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, string description) =>
        new(name, null, ObserveValueKind.Port, ObserveFlagFamily.Port, description);

    private static void Validate(FilterFlagUse use)
    {
        if (!ushort.TryParse(use.Value, NumberStyles.None, CultureInfo.InvariantCulture, out _))
        {
            throw use.Error($"filter: invalid port '{TextExcerpt.Of(use.Value)}' for {use.Typed} at position {use.At.Position}; expected a number from 0 to 65535");
        }
    }
}
