using System.Globalization;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// <c>--since</c>, <c>--until</c>, <c>--last</c>, <c>--first</c>, <c>--all</c>, <c>--follow</c>: what to ask the relay
/// for rather than which flows match (cilium/cilium hubble/cmd/observe/flows.go, v1.19).
/// </summary>
internal static class RequestOptionFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new OptionFlag(Flag("since", null, ObserveValueKind.Time, "Flows since a duration ago (30s, 5m, 1h30m) or a time (2006-01-02, RFC3339, RFC1123Z)"), use => ApplyTime(use, "since")),
        new OptionFlag(Flag("until", null, ObserveValueKind.Time, "Flows until a duration ago or a time (ignored with --follow, as the CLI does)"), use => ApplyTime(use, "until")),
        new OptionFlag(Flag("last", null, ObserveValueKind.Number, "Newest N flows per node"), use =>
        {
            use.Request.Options = use.Request.Options with { Last = Count(use, "last") };
            use.Request.Last = use.FlagToken;
        }),
        new OptionFlag(Flag("first", null, ObserveValueKind.Number, "Oldest N flows per node (not with --last, --all or --follow)"), use =>
        {
            use.Request.Options = use.Request.Options with { First = Count(use, "first") };
            use.Request.First = use.FlagToken;
        }),
        new OptionFlag(Flag("all", null, ObserveValueKind.Switch, "All flows in the buffers"), use =>
        {
            use.Request.Options = use.Request.Options with { Last = ulong.MaxValue };
            use.Request.All = use.FlagToken;
        }),
        new OptionFlag(Flag("follow", 'f', ObserveValueKind.Switch, "Keep streaming new flows"), use =>
        {
            use.Request.Options = use.Request.Options with { Follow = true };
            use.Request.Follow = use.FlagToken;
        }),
    ];

    private static ObserveFlag Flag(string name, char? shortName, ObserveValueKind value, string description) =>
        new(name, shortName, value, ObserveFlagFamily.Request, description);

    private static void ApplyTime(OptionFlagUse use, string name)
    {
        if (!ObserveTimeParser.TryParse(use.Value, use.Now, out var time, out var ago))
        {
            throw use.Error(
                $"filter: invalid --{name} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; use a duration such as 30s, 5m or 1h30m, or a time such as 2025-04-16T18:49:59Z");
        }

        if (time < ObserveTimeParser.Earliest || time > ObserveTimeParser.Latest)
        {
            throw use.Error(
                $"filter: --{name} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position} is {(time < ObserveTimeParser.Earliest ? "before 1970-01-01, the earliest flow time" : "after 2262-04-11, the latest time a flow timestamp can hold")}; use a shorter duration such as 24h or a time between those dates");
        }

        use.Request.Options = name == "since"
            ? use.Request.Options with { Since = time, SinceAgo = ago }
            : use.Request.Options with { Until = time, UntilAgo = ago };
    }

    private static ulong Count(OptionFlagUse use, string name)
    {
        if (!ulong.TryParse(use.Value, NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw use.Error($"filter: invalid --{name} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; expected a whole number of flows, e.g. --{name} 100");
        }

        return count;
    }
}
