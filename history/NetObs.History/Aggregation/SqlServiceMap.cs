using System.Globalization;
using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Aggregation;

/// <summary>
/// Service map from grouped stored columns, with the plugin's ServiceMapAggregator semantics: replies count on the
/// client→server edge, drops and errors are counted per edge and node, and up to eight ports, protocols, drop reasons
/// and denying policies are kept per edge.
/// </summary>
internal sealed class SqlServiceMap(GroupedRows rows)
{
    private const int MaxDetailValues = 8;
    private const int SideWidth = 9;

    public async Task<ServiceMapResult> BuildAsync(ServiceMapQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var d = rows.Dialect;
        string C(FlowColumn column) => d.Identifier(column.Name);
        var keys = new List<string>();
        foreach (var (ns, pod, workloads, kinds, identity, names, ip) in new[]
        {
            (FlowColumns.SourceNamespace, FlowColumns.SourcePod, FlowColumns.SourceWorkloads, FlowColumns.SourceWorkloadKinds, FlowColumns.SourceIdentity, FlowColumns.SourceNames, FlowColumns.SourceIp),
            (FlowColumns.DestinationNamespace, FlowColumns.DestinationPod, FlowColumns.DestinationWorkloads, FlowColumns.DestinationWorkloadKinds, FlowColumns.DestinationIdentity, FlowColumns.DestinationNames, FlowColumns.DestinationIp),
        })
        {
            keys.AddRange([C(ns), C(pod), d.ListLength(C(workloads)), d.FirstOrEmpty(C(workloads)), d.FirstOrEmpty(C(kinds)), C(identity), d.ListLength(C(names)), d.FirstOrEmpty(C(names)), C(ip)]);
        }

        var l7 = C(FlowColumns.L7Protocol);
        keys.Add(C(FlowColumns.IsReply));
        keys.Add(C(FlowColumns.Verdict));
        keys.Add(C(FlowColumns.DropReason));
        keys.Add($"CASE WHEN ({l7} = 2 AND {C(FlowColumns.HttpCode)} >= 400) OR ({l7} = 1 AND {C(FlowColumns.L7Type)} = {(int)L7FlowType.Response} AND {C(FlowColumns.DnsRcode)} <> 0) OR ({l7} = 3 AND {C(FlowColumns.KafkaErrorCode)} <> 0) THEN 1 ELSE 0 END");
        keys.Add($"CASE WHEN {C(FlowColumns.IsReply)} = 1 THEN {C(FlowColumns.SourcePort)} ELSE {C(FlowColumns.DestinationPort)} END");
        keys.Add(l7);
        keys.Add(C(FlowColumns.L4Protocol));
        keys.Add(LatencyHistogram.IndexExpression(d, C(FlowColumns.LatencyNs)));
        keys.Add(C(FlowColumns.DeniedBy));

        var namer = new ServiceMapNodeNamer(query.NodeKind);
        var edges = new Dictionary<(ServiceMapNodeNamer.NodeName, ServiceMapNodeNamer.NodeName), EdgeBuilder>();
        var edgeOrder = new List<(ServiceMapNodeNamer.NodeName, ServiceMapNodeNamer.NodeName)>();
        var nodes = new Dictionary<ServiceMapNodeNamer.NodeName, NodeBuilder>();
        var nodeOrder = new List<ServiceMapNodeNamer.NodeName>();
        long overflow = 0;
        await foreach (var row in rows.QueryAsync(query.Flows, keys, null, cancellationToken).ConfigureAwait(false))
        {
            var k = row.Keys;
            var source = namer.Name(SideOf(k, 0));
            var target = namer.Name(SideOf(k, SideWidth));
            var at = 2 * SideWidth;
            var isReply = GroupedRows.ToLong(k[at]) == 1;
            var verdict = (int)GroupedRows.ToLong(k[at + 1]);
            var dropReason = (int)GroupedRows.ToLong(k[at + 2]);
            var l7Error = GroupedRows.ToLong(k[at + 3]) == 1;
            var port = GroupedRows.ToLong(k[at + 4]);
            var protocol = ProtocolNames.Of(FlowColumnValues.L7Record(GroupedRows.ToLong(k[at + 5])), (Layer4.ProtocolOneofCase)GroupedRows.ToLong(k[at + 6]));
            var latencyIndex = GroupedRows.ToLong(k[at + 7]);
            var deniedBy = k[at + 8] is IEnumerable<object?> list ? list.Select(v => v as string ?? string.Empty).ToList() : [];

            if (isReply)
            {
                (source, target) = (target, source);
            }

            if (!edges.TryGetValue((source, target), out var edge))
            {
                if (edges.Count >= query.MaxEdges)
                {
                    overflow += row.Count;
                    continue;
                }

                edge = new EdgeBuilder();
                edges[(source, target)] = edge;
                edgeOrder.Add((source, target));
            }

            var dropped = verdict is (int)Verdict.Dropped or (int)Verdict.Error;
            l7Error = !dropped && l7Error;
            edge.Flows += row.Count;
            if (dropped)
            {
                edge.Dropped += row.Count;
                if (verdict == (int)Verdict.Dropped)
                {
                    AddCapped(edge.DropReasons, ProtoEnumNames.Of((DropReason)dropReason));
                }

                foreach (var policy in deniedBy)
                {
                    AddCapped(edge.DeniedBy, policy);
                }
            }

            if (l7Error)
            {
                edge.L7Errors += row.Count;
            }

            edge.Latency.Add(latencyIndex, row.Count);
            if (port > 0)
            {
                AddCapped(edge.Ports, port.ToString(CultureInfo.InvariantCulture));
            }

            if (protocol.Length > 0)
            {
                AddCapped(edge.Protocols, protocol);
            }

            Count(nodes, nodeOrder, source, row.Count, dropped, l7Error);
            if (!ReferenceEquals(source, target))
            {
                Count(nodes, nodeOrder, target, row.Count, dropped, l7Error);
            }
        }

        var resultNodes = nodeOrder.Select(n => new ServiceMapNode(n.Id, n.Title, n.Subtitle, n.Kind, nodes[n].Flows, nodes[n].Dropped, nodes[n].L7Errors)).ToList();
        var resultEdges = edgeOrder.Select(e =>
        {
            var b = edges[e];
            return new ServiceMapEdge(e.Item1.Id, e.Item2.Id, b.Flows, b.Dropped, b.L7Errors, b.Latency.Quantiles(query.Quantiles),
                [.. b.Ports], [.. b.Protocols], [.. b.DropReasons], [.. b.DeniedBy]);
        }).ToList();
        return new ServiceMapResult(resultNodes, resultEdges, overflow);
    }

    // The columns of one side as BuildAsync groups them: namespace, pod, workload count, first workload and its kind,
    // identity, DNS name count, first DNS name, IP.
    private static ServiceMapNodeNamer.Side SideOf(object?[] k, int at) => new(
        k[at] as string ?? string.Empty,
        k[at + 1] as string ?? string.Empty,
        GroupedRows.ToLong(k[at + 2]) > 0 ? k[at + 3] as string ?? string.Empty : null,
        k[at + 4] as string ?? string.Empty,
        (uint)GroupedRows.ToLong(k[at + 5]),
        GroupedRows.ToLong(k[at + 6]) > 0 ? k[at + 7] as string ?? string.Empty : null,
        k[at + 8] as string ?? string.Empty);

    private static void Count(Dictionary<ServiceMapNodeNamer.NodeName, NodeBuilder> nodes, List<ServiceMapNodeNamer.NodeName> order, ServiceMapNodeNamer.NodeName name, long count, bool dropped, bool l7Error)
    {
        if (!nodes.TryGetValue(name, out var node))
        {
            node = new NodeBuilder();
            nodes[name] = node;
            order.Add(name);
        }

        node.Flows += count;
        if (dropped)
        {
            node.Dropped += count;
        }
        else if (l7Error)
        {
            node.L7Errors += count;
        }
    }

    private static void AddCapped(SortedSet<string> set, string value)
    {
        if (set.Count < MaxDetailValues || set.Contains(value))
        {
            set.Add(value);
        }
    }

    private sealed class NodeBuilder
    {
        public long Flows { get; set; }

        public long Dropped { get; set; }

        public long L7Errors { get; set; }
    }

    private sealed class EdgeBuilder
    {
        public long Flows { get; set; }

        public long Dropped { get; set; }

        public long L7Errors { get; set; }

        public LatencyHistogram Latency { get; } = new();

        public SortedSet<string> Ports { get; } = new(Comparer<string>.Create(ComparePorts));

        public SortedSet<string> Protocols { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DropReasons { get; } = new(StringComparer.Ordinal);

        public SortedSet<string> DeniedBy { get; } = new(StringComparer.Ordinal);

        private static int ComparePorts(string? a, string? b) =>
            (a?.Length ?? 0) != (b?.Length ?? 0) ? (a?.Length ?? 0).CompareTo(b?.Length ?? 0) : string.CompareOrdinal(a, b);
    }
}
