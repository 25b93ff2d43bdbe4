namespace NetObs.Hubble.Filtering;

/// <summary><c>--cluster</c>, <c>--from-cluster</c>, <c>--to-cluster</c>: cluster names of the endpoints (Cluster Mesh).</summary>
internal static class ClusterFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("cluster", "Cluster name of the source or the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Left(f => f.SourceClusterName.Add(value));
            use.Tracker.Right(f => f.DestinationClusterName.Add(value));
        }),
        new FilterFlag(Flag("from-cluster", "Cluster name of the source"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.SourceClusterName.Add(value));
        }),
        new FilterFlag(Flag("to-cluster", "Cluster name of the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationClusterName.Add(value));
        }),
    ];

    private static ObserveFlag Flag(string name, string description) =>
        new(name, null, ObserveValueKind.Text, ObserveFlagFamily.Cluster, description);
}
