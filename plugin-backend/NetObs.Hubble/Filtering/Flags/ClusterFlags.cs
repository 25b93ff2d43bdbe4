using NetObs.Hubble.Evaluation;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// <c>--cluster</c>: the cluster of the node that observed the flow; <c>--from-cluster</c>, <c>--to-cluster</c>: the
/// cluster names of the endpoints (Cluster Mesh).
/// </summary>
internal static class ClusterFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        // The CLI turns --cluster NAME into the node-name pattern "NAME/" (cilium/cilium hubble/cmd/observe/flows_filter.go,
        // case "cluster"), so it matches the cluster prefix Cilium gives node names, `*` allowed, and conflicts with --node-name.
        new FilterFlag(Flag("cluster", ObserveValueKind.NamePattern, "Cluster of the node that observed the flow, `*` allowed (e.g. prod-*); node names carry it as cluster/node"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            if (value.Contains('/', StringComparison.Ordinal))
            {
                throw use.Error($"filter: invalid {use.Typed} value '{TextExcerpt.Of(value)}' at position {use.At.Position}; a cluster name has no '/', use --node-name {TextExcerpt.Of(value)} for a cluster/node pattern");
            }

            use.Validate(() => NodeNamePattern.Compile([value + "/"]));
            use.Tracker.Both(f => f.NodeName.Add(value + "/"));
        }),
        new FilterFlag(Flag("from-cluster", ObserveValueKind.Text, "Cluster name of the source endpoint"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.SourceClusterName.Add(value));
        }),
        new FilterFlag(Flag("to-cluster", ObserveValueKind.Text, "Cluster name of the destination endpoint"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationClusterName.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, ObserveValueKind value, string description) =>
        new(name, null, value, ObserveFlagFamily.Cluster, description);
}
