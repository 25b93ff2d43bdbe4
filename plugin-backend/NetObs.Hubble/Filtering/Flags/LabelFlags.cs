namespace NetObs.Hubble.Filtering;

/// <summary><c>--label</c>, <c>--from-label</c>, <c>--to-label</c>: label selectors over the endpoints' labels.</summary>
internal static class LabelFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("label", 'l', "Label selector of the source or the destination (e.g. k8s:app=foo, reserved:world)"), use =>
        {
            use.ValidateSelector();
            var value = use.Value;
            use.Tracker.Left(f => f.SourceLabel.Add(value));
            use.Tracker.Right(f => f.DestinationLabel.Add(value));
        }),
        new FilterFlag(Flag("from-label", null, "Label selector of the source"), use =>
        {
            use.ValidateSelector();
            var value = use.Value;
            use.Tracker.Both(f => f.SourceLabel.Add(value));
        }),
        new FilterFlag(Flag("to-label", null, "Label selector of the destination"), use =>
        {
            use.ValidateSelector();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationLabel.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, char? shortName, string description) =>
        new(name, shortName, ObserveValueKind.LabelSelector, ObserveFlagFamily.Label, description);
}
