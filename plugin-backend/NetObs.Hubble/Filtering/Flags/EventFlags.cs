using System.Globalization;
using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--type</c> and <c>--traffic-direction</c>: which monitor event the flow came from, and which way it went.</summary>
internal static class EventFlags
{
    private const int TraceEventType = 4;

    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(
            new ObserveFlag("type", 't', ObserveValueKind.EventType, ObserveFlagFamily.Event, "Event type TYPE[:SUBTYPE]: drop, capture, trace, policy-verdict, trace-sock, l7 or a number; trace sub-types such as to-endpoint")
            {
                Choices = [.. ObserveValues.EventTypes.Keys],
            },
            use =>
            {
                var eventType = ParseEventType(use);
                use.Tracker.Both(f => f.EventType.Add(eventType.Clone()));
            }),
        new FilterFlag(
            new ObserveFlag("traffic-direction", null, ObserveValueKind.Choice, ObserveFlagFamily.Event, "Traffic direction: ingress or egress")
            {
                Choices = ["ingress", "egress"],
            },
            use =>
            {
                var direction = use.Value.ToLowerInvariant() switch
                {
                    "ingress" => TrafficDirection.Ingress,
                    "egress" => TrafficDirection.Egress,
                    _ => throw use.Error($"filter: invalid traffic direction '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; expected ingress or egress"),
                };
                use.Tracker.Both(f => f.TrafficDirection.Add(direction));
            }),
    ];

    private static EventTypeFilter ParseEventType(FilterFlagUse use)
    {
        var value = use.Value;
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var typeText = colon < 0 ? value : value[..colon];
        var filter = new EventTypeFilter();
        if (ObserveValues.EventTypes.TryGetValue(typeText, out var type))
        {
            filter.Type = type;
        }
        else if (int.TryParse(typeText, NumberStyles.None, CultureInfo.InvariantCulture, out type))
        {
            filter.Type = type;
        }
        else
        {
            throw use.Error(
                $"filter: unknown event type '{TextExcerpt.Of(typeText)}' for {use.Typed} at position {use.At.Position}{SpellingSuggestion.Hint(typeText, ObserveValues.EventTypes.Keys)}; expected one of {string.Join(", ", ObserveValues.EventTypes.Keys)} or a number");
        }

        if (colon < 0)
        {
            return filter;
        }

        var subText = value[(colon + 1)..];
        if (filter.Type == TraceEventType && ObserveValues.TraceSubTypes.TryGetValue(subText, out var subType))
        {
            filter.MatchSubType = true;
            filter.SubType = subType;
            return filter;
        }

        if (!int.TryParse(subText, NumberStyles.None, CultureInfo.InvariantCulture, out subType))
        {
            var hint = filter.Type == TraceEventType ? SpellingSuggestion.Hint(subText, ObserveValues.TraceSubTypes.Keys) : string.Empty;
            throw use.Error(
                $"filter: unknown event sub-type '{TextExcerpt.Of(subText)}' for {use.Typed} at position {use.At.Position}{hint}; use a trace observation point such as to-endpoint or a number");
        }

        filter.MatchSubType = true;
        filter.SubType = subType;
        return filter;
    }
}
