using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary><c>--node-name</c>, <c>--node-label</c>: the node that observed the flow.</summary>
internal static class NodeFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("node-name", ObserveValueKind.NamePattern, "Node name pattern [cluster/]node, `*` allowed (e.g. aks-nodepool1-*)"), use =>
        {
            var value = use.Value;
            use.Validate(() => NodeNamePattern.Compile([value]));
            use.Tracker.Both(f => f.NodeName.Add(value));
        }),
        new FilterFlag(Flag("node-label", ObserveValueKind.LabelSelector, "Label selector over the node's labels"), use =>
        {
            use.ValidateSelector();
            var value = use.Value;
            use.Tracker.Both(f => f.NodeLabels.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Node, description);
}
