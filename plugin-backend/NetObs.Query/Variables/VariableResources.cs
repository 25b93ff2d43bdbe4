using Cilium.Flow;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowSources;
using NetObs.Hubble.FlowValues;
using NetObs.Hubble.Relay;
using NetObs.Query.Scanning;

namespace NetObs.Query.Variables;

/// <summary>
/// Answers the template-variable resources (namespaces, pods, workloads, nodes, clusters, labels, label values,
/// FQDNs, drop reasons, verdicts) from the relay: GetNamespaces/GetNodes where the relay has them, and
/// a short-lived sample of recent flows for the rest.
/// </summary>
public sealed class VariableResources(IFlowSource source, VariableSampleOptions options)
{
    private static readonly string[] SampleMask =
    [
        "time", "source.namespace", "source.pod_name", "source.workloads", "source.labels",
        "destination.namespace", "destination.pod_name", "destination.workloads", "destination.labels",
        "source_names", "destination_names", "l7.dns.query", "node_name",
    ];

    private readonly Lock _lock = new();
    private readonly Dictionary<string, (Task<EndpointSample> Sample, long ExpiresAt)> _samples = new(StringComparer.Ordinal);

    public async Task<IReadOnlyList<string>> NamespacesAsync(CancellationToken cancellationToken)
    {
        var response = await source.GetNamespacesAsync(cancellationToken).ConfigureAwait(false);
        var names = new SortedSet<string>(response.Namespaces.Select(n => n.Namespace_).Where(n => n.Length > 0), StringComparer.Ordinal);
        if (names.Count == 0)
        {
            names.UnionWith((await SampleAsync(null, cancellationToken).ConfigureAwait(false)).Namespaces);
        }

        return [.. names];
    }

    public async Task<IReadOnlyList<string>> NodesAsync(CancellationToken cancellationToken)
    {
        try
        {
            var response = await source.GetNodesAsync(cancellationToken).ConfigureAwait(false);
            return [.. response.Nodes.Select(n => n.Name).Where(n => n.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        }
        catch (RelayException e) when (e.Failure == RelayFailure.Unimplemented)
        {
            // A single Hubble server has no GetNodes; the flows still name their node.
            return [.. (await SampleAsync(null, cancellationToken).ConfigureAwait(false)).Nodes];
        }
    }

    /// <summary>
    /// The clusters of the observing nodes, as <c>--cluster</c> and the <c>cluster</c> dimension read them: the prefix of
    /// each node name (a relay's GetNodes lists them as flows name them), <c>default</c> for bare names.
    /// </summary>
    public async Task<IReadOnlyList<string>> ClustersAsync(CancellationToken cancellationToken) =>
        [.. (await NodesAsync(cancellationToken).ConfigureAwait(false)).Select(NodeClusterName.Of).Where(c => c.Length > 0).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    /// <summary>Pods as <c>namespace/pod</c>, or bare pod names within <paramref name="ns"/>.</summary>
    public async Task<IReadOnlyList<string>> PodsAsync(string? ns, CancellationToken cancellationToken) =>
        [.. (await SampleAsync(ns, cancellationToken).ConfigureAwait(false)).Pods(ns)];

    /// <summary>Workloads as <c>namespace/name</c>, or bare names within <paramref name="ns"/>.</summary>
    public async Task<IReadOnlyList<string>> WorkloadsAsync(string? ns, CancellationToken cancellationToken) =>
        [.. (await SampleAsync(ns, cancellationToken).ConfigureAwait(false)).Workloads(ns)];

    public async Task<IReadOnlyList<string>> LabelKeysAsync(CancellationToken cancellationToken) =>
        [.. (await SampleAsync(null, cancellationToken).ConfigureAwait(false)).Labels.Keys];

    public async Task<IReadOnlyList<string>> LabelValuesAsync(string key, CancellationToken cancellationToken)
    {
        var labels = (await SampleAsync(null, cancellationToken).ConfigureAwait(false)).Labels;
        return labels.TryGetValue(EndpointSample.LabelKey(key), out var values) ? [.. values] : [];
    }

    public async Task<IReadOnlyList<string>> FqdnsAsync(CancellationToken cancellationToken) =>
        [.. (await SampleAsync(null, cancellationToken).ConfigureAwait(false)).Fqdns];

    public static IReadOnlyList<string> DropReasons() => ProtoEnumNames.DropReasons;

    public static IReadOnlyList<string> Verdicts() => ProtoEnumNames.Verdicts;

    private Task<EndpointSample> SampleAsync(string? ns, CancellationToken cancellationToken)
    {
        var key = ns ?? string.Empty;
        var now = options.Time.GetTimestamp();
        lock (_lock)
        {
            if (_samples.TryGetValue(key, out var cached) && cached.ExpiresAt > now && !cached.Sample.IsFaulted && !cached.Sample.IsCanceled)
            {
                return cached.Sample.WaitAsync(cancellationToken);
            }

            // Sampling runs on its own token: a sample shared by several callers must not die with the first caller.
            var sample = CollectAsync(ns);
            _samples[key] = (sample, now + (long)(options.Lifetime.TotalSeconds * options.Time.TimestampFrequency));
            if (_samples.Count > 64)
            {
                foreach (var stale in _samples.Where(p => p.Value.ExpiresAt <= now).Select(p => p.Key).ToList())
                {
                    _samples.Remove(stale);
                }
            }

            return sample.WaitAsync(cancellationToken);
        }
    }

    private async Task<EndpointSample> CollectAsync(string? ns)
    {
        using var timeout = new CancellationTokenSource(options.Timeout);
        var since = options.Time.GetUtcNow() - options.Window;
        IReadOnlyList<FlowFilter> allow = ns is null
            ? []
            : [new FlowFilter { SourcePod = { ns + "/" } }, new FlowFilter { DestinationPod = { ns + "/" } }];
        var fetch = new FlowFetch(allow, [], since, null, (ulong)options.FlowsPerNode, false, new HashSet<string>(SampleMask, StringComparer.Ordinal));
        var sample = new EndpointSample();
        await foreach (var response in source.GetFlowsAsync(fetch.ToRequest(fetch.MaskPaths), timeout.Token).ConfigureAwait(false))
        {
            if (response.Flow is { } flow)
            {
                sample.Add(flow, flow.NodeName.Length > 0 ? flow.NodeName : response.NodeName);
            }
        }

        return sample;
    }
}
