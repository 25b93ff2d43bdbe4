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
/// and denying policies are kept per edge (the counting and capping are NetObs.Hubble's, shared with the plugin).
/// </summary>
/// <remarks>
/// The store groups by raw columns, so the cost is the rows hashed and the keys per row: list elements cost most (in
/// DuckDB, extracting a list's first element for every row costs more than the scan), so the lists are read through
/// their summaries stored at ingest (the workload and DNS name counts and first elements), and fields the node namer
/// does not read are grouped as constants (<see cref="ServiceMapKeys"/>). Rows come ordered by their first flow, so
/// each name is first met on the group holding its first flow, and names and counts equal the in-memory aggregator's.
/// </remarks>
internal sealed class SqlServiceMap(GroupedRows rows)
{
    public Task<ServiceMapResult> BuildAsync(ServiceMapQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var keys = ServiceMapKeys.Of(query.NodeKind, rows.Dialect, ServiceMapFacts.OverFlows(rows.Dialect));
        return AggregateAsync(query, keys, rows.QueryAsync(query.Flows, keys.Expressions, null, cancellationToken));
    }

    /// <summary>
    /// The map from grouped rows of <paramref name="keys"/>, ordered by their first flow. A key may come in more than one
    /// row (a rollup's and the flows table's, say): counts add up, and since a name, port or policy is first met on
    /// the row holding its first flow, what the caps keep does not depend on how the rows were split.
    /// </summary>
    public static async Task<ServiceMapResult> AggregateAsync(ServiceMapQuery query, ServiceMapKeys keys, IAsyncEnumerable<GroupedRows.Row> groupedRows)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(keys);
        var namer = new ServiceMapNodeNamer(query.NodeKind);
        var sides = keys.Sides;
        var flowAt = keys.FactsAt;
        var graph = new ServiceMapGraph<EdgeBuilder>(query.MaxEdges);
        await foreach (var row in groupedRows.ConfigureAwait(false))
        {
            var k = row.Keys;
            var source = namer.Name(SideOf(k, sides[0]));
            var target = namer.Name(SideOf(k, sides[1]));
            var at = flowAt;
            var isReply = GroupedRows.ToLong(k[at]) == 1;
            var verdict = (int)GroupedRows.ToLong(k[at + 1]);
            var dropReason = (int)GroupedRows.ToLong(k[at + 2]);
            var l7Error = GroupedRows.ToLong(k[at + 3]) == 1;
            var port = GroupedRows.ToLong(k[at + 4]);
            var protocol = ProtocolNames.Of(FlowColumnValues.L7Record(GroupedRows.ToLong(k[at + 5])), (Layer4.ProtocolOneofCase)GroupedRows.ToLong(k[at + 6]));
            var latencyIndex = GroupedRows.ToLong(k[at + 7]);

            if (isReply)
            {
                (source, target) = (target, source);
            }

            if (graph.Edge(source, target, row.Count) is not { } edge)
            {
                continue;
            }

            var dropped = verdict is (int)Verdict.Dropped or (int)Verdict.Error;
            l7Error = !dropped && l7Error;
            edge.Count(row.Count, dropped, l7Error);
            if (dropped)
            {
                if (verdict == (int)Verdict.Dropped)
                {
                    ServiceMapEdgeCounts.AddCapped(edge.DropReasons, ProtoEnumNames.Of((DropReason)dropReason));
                }

                if (k[at + 8] is IEnumerable<object?> deniedBy)
                {
                    foreach (var policy in deniedBy)
                    {
                        ServiceMapEdgeCounts.AddCapped(edge.DeniedBy, policy as string ?? string.Empty);
                    }
                }
            }

            edge.Latency.Add(latencyIndex, row.Count);
            if (port > 0)
            {
                ServiceMapEdgeCounts.AddCapped(edge.Ports, port.ToString(CultureInfo.InvariantCulture));
            }

            if (protocol.Length > 0)
            {
                ServiceMapEdgeCounts.AddCapped(edge.Protocols, protocol);
            }

            graph.CountNodes(source, target, row.Count, dropped, l7Error);
        }

        var resultNodes = graph.Nodes.Select(n => new ServiceMapNode(n.Key.Id, n.Key.Title, n.Key.Subtitle, n.Key.Kind, n.Value.Flows, n.Value.Dropped, n.Value.L7Errors)).ToList();
        var resultEdges = graph.Edges.Select(e => new ServiceMapEdge(e.Key.Source.Id, e.Key.Target.Id, e.Value.Flows, e.Value.Dropped, e.Value.L7Errors,
            e.Value.Latency.Quantiles(query.Quantiles), [.. e.Value.Ports], [.. e.Value.Protocols], [.. e.Value.DropReasons], [.. e.Value.DeniedBy])).ToList();
        return new ServiceMapResult(resultNodes, resultEdges, graph.Overflow);
    }

    // One side from its fields' places among the keys (namespace, pod, workload count, first workload and its kind,
    // identity, DNS name count, first DNS name, IP); a field that was not grouped reads as empty.
    private static ServiceMapNodeNamer.Side SideOf(object?[] k, int[] at)
    {
        object? Field(int i) => at[i] < 0 ? null : k[at[i]];
        return new(
            Field(0) as string ?? string.Empty,
            Field(1) as string ?? string.Empty,
            GroupedRows.ToLong(Field(2)) > 0 ? Field(3) as string ?? string.Empty : null,
            Field(4) as string ?? string.Empty,
            (uint)GroupedRows.ToLong(Field(5)),
            GroupedRows.ToLong(Field(6)) > 0 ? Field(7) as string ?? string.Empty : null,
            Field(8) as string ?? string.Empty);
    }

    /// <summary>An edge's counts and details with the latency histogram of its grouped L7 responses.</summary>
    private sealed class EdgeBuilder : ServiceMapEdgeCounts
    {
        public LatencyHistogram Latency { get; } = new();
    }
}
