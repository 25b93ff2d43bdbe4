namespace NetObs.Hubble.Filtering;

/// <summary>
/// Pods, namespaces, services and workloads of the endpoints. Namespace flags do not write a field themselves: the
/// tracker prefixes them onto the pod and service names when the filters are materialised, as the CLI does
/// (cilium/cilium hubble/cmd/observe/flows_filter.go, v1.19).
/// </summary>
internal static class EndpointFlags
{
    public static IReadOnlyList<ObserveFlagDefinition> All { get; } =
    [
        new FilterFlag(Flag("pod", null, ObserveValueKind.NamespacedName, "[namespace/]pod-name-prefix of the source or the destination (no namespace means default)"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Left(f => f.SourcePod.Add(value));
            use.Tracker.Right(f => f.DestinationPod.Add(value));
        }),
        new FilterFlag(Flag("from-pod", null, ObserveValueKind.NamespacedName, "[namespace/]pod-name-prefix of the source"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.SourcePod.Add(value));
        }),
        new FilterFlag(Flag("to-pod", null, ObserveValueKind.NamespacedName, "[namespace/]pod-name-prefix of the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationPod.Add(value));
        }),
        new FilterFlag(Flag("namespace", 'n', ObserveValueKind.Text, "Namespace of the source or the destination"), use => Namespace(use, use.Tracker.Namespaces)),
        new FilterFlag(Flag("from-namespace", null, ObserveValueKind.Text, "Namespace of the source"), use => Namespace(use, use.Tracker.SourceNamespaces)),
        new FilterFlag(Flag("to-namespace", null, ObserveValueKind.Text, "Namespace of the destination"), use => Namespace(use, use.Tracker.DestinationNamespaces)),
        new FilterFlag(Flag("all-namespaces", 'A', ObserveValueKind.Switch, "Any namespace on either side"), use => use.Tracker.Namespaces.Add(string.Empty)),
        new FilterFlag(Flag("from-all-namespaces", null, ObserveValueKind.Switch, "Any namespace on the source side"), use => use.Tracker.SourceNamespaces.Add(string.Empty)),
        new FilterFlag(Flag("to-all-namespaces", null, ObserveValueKind.Switch, "Any namespace on the destination side"), use => use.Tracker.DestinationNamespaces.Add(string.Empty)),
        new FilterFlag(Flag("service", null, ObserveValueKind.NamespacedName, "[namespace/]service-name-prefix of the source or the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Left(f => f.SourceService.Add(value));
            use.Tracker.Right(f => f.DestinationService.Add(value));
        }),
        new FilterFlag(Flag("from-service", null, ObserveValueKind.NamespacedName, "[namespace/]service-name-prefix of the source"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.SourceService.Add(value));
        }),
        new FilterFlag(Flag("to-service", null, ObserveValueKind.NamespacedName, "[namespace/]service-name-prefix of the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationService.Add(value));
        }),
        new FilterFlag(Flag("workload", null, ObserveValueKind.Workload, "Workload of the source or the destination: name, Kind/name or Kind/"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Left(f => f.SourceWorkload.Add(ObserveValues.ParseWorkload(value)));
            use.Tracker.Right(f => f.DestinationWorkload.Add(ObserveValues.ParseWorkload(value)));
        }),
        new FilterFlag(Flag("from-workload", null, ObserveValueKind.Workload, "Workload of the source"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.SourceWorkload.Add(ObserveValues.ParseWorkload(value)));
        }),
        new FilterFlag(Flag("to-workload", null, ObserveValueKind.Workload, "Workload of the destination"), use =>
        {
            use.RequireValue();
            var value = use.Value;
            use.Tracker.Both(f => f.DestinationWorkload.Add(ObserveValues.ParseWorkload(value)));
        }),
    ];

    private static ObserveFlag Flag(string name, char? shortName, ObserveValueKind value, string description) =>
        new(name, shortName, value, ObserveFlagFamily.Endpoint, description);

    private static void Namespace(FilterFlagUse use, List<string> namespaces)
    {
        use.RequireValue(" (use --all-namespaces for any namespace)");
        if (use.Value.Contains('/', StringComparison.Ordinal))
        {
            throw use.Error($"filter: invalid {use.Typed} value '{TextExcerpt.Of(use.Value)}' at position {use.At.Position}; a namespace has no '/', use --pod {TextExcerpt.Of(use.Value)} for a pod");
        }

        namespaces.Add(use.Value);
    }
}
