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
/// their summaries stored at ingest (the workload and DNS name counts and first elements). Each side's field is grouped
/// only for the rows where <see cref="ServiceMapNodeNamer"/> reads it (<see cref="ServiceMapNodeNamer.Reads"/>) and is
/// a constant elsewhere: in-cluster sides drop IP, DNS names and, in a workload map, the pods of a workload; sides
/// outside the cluster drop pod and workload. Flows that differ only in fields the namer does not read then share a
/// group, and since rows come ordered by their first flow, each name is first met on the group holding its first
/// flow, so names and counts equal the in-memory aggregator's.
/// </remarks>
internal sealed class SqlServiceMap(GroupedRows rows)
{
    public async Task<ServiceMapResult> BuildAsync(ServiceMapQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var d = rows.Dialect;
        string C(FlowColumn column) => d.Identifier(column.Name);
        var namer = new ServiceMapNodeNamer(query.NodeKind);
        var keys = new List<string>();
        var sides = new List<int[]>();
        foreach (var (ns, pod, workloadCount, workload, kind, identity, nameCount, name, ip) in new[] { SourceColumns, DestinationColumns })
        {
            // Where each of the side's nine fields is among the keys, -1 for a field the namer never reads (left empty).
            int Key(string? expression)
            {
                if (expression is null)
                {
                    return -1;
                }

                keys.Add(expression);
                return keys.Count - 1;
            }

            // A field the namer does not read for a row is grouped as a constant there (ServiceMapNodeNamer.Reads).
            var hasNamespace = $"{C(ns)} <> ''";
            var workloads = C(workloadCount);
            string? Read(ServiceMapNodeNamer.SideRead read, string expression, string constant) => read switch
            {
                ServiceMapNodeNamer.SideRead.Never => null,
                ServiceMapNodeNamer.SideRead.Always => expression,
                ServiceMapNodeNamer.SideRead.InCluster => $"CASE WHEN {hasNamespace} THEN {expression} ELSE {constant} END",
                ServiceMapNodeNamer.SideRead.InClusterWithWorkload => $"CASE WHEN {hasNamespace} AND {workloads} > 0 THEN {expression} ELSE {constant} END",
                ServiceMapNodeNamer.SideRead.InClusterWithoutWorkload => $"CASE WHEN {hasNamespace} AND {workloads} = 0 THEN {expression} ELSE {constant} END",
                _ => $"CASE WHEN {hasNamespace} THEN {constant} ELSE {expression} END",
            };

            var reads = namer.Reads;
            sides.Add(
            [
                Key(C(ns)),
                Key(Read(reads.Pod, C(pod), "''")),
                Key(Read(reads.Workload, workloads, "0")),
                Key(Read(reads.Workload, C(workload), "''")),
                Key(Read(reads.WorkloadKind, C(kind), "''")),
                Key(Read(reads.Identity, C(identity), "0")),
                Key(Read(reads.DnsName, C(nameCount), "0")),
                Key(Read(reads.DnsName, C(name), "''")),
                Key(Read(reads.Ip, C(ip), "''")),
            ]);
        }

        var l7 = C(FlowColumns.L7Protocol);
        var flowAt = keys.Count;
        keys.Add(C(FlowColumns.IsReply));
        keys.Add(C(FlowColumns.Verdict));
        keys.Add(C(FlowColumns.DropReason));
        keys.Add($"CASE WHEN ({l7} = 2 AND {C(FlowColumns.HttpCode)} >= 400) OR ({l7} = 1 AND {C(FlowColumns.L7Type)} = {(int)L7FlowType.Response} AND {C(FlowColumns.DnsRcode)} <> 0) OR ({l7} = 3 AND {C(FlowColumns.KafkaErrorCode)} <> 0) THEN 1 ELSE 0 END");
        keys.Add($"CASE WHEN {C(FlowColumns.IsReply)} = 1 THEN {C(FlowColumns.SourcePort)} ELSE {C(FlowColumns.DestinationPort)} END");
        keys.Add(l7);
        keys.Add(C(FlowColumns.L4Protocol));
        keys.Add(LatencyHistogram.IndexExpression(d, C(FlowColumns.LatencyNs)));
        keys.Add(C(FlowColumns.DeniedBy));

        var graph = new ServiceMapGraph<EdgeBuilder>(query.MaxEdges);
        await foreach (var row in rows.QueryAsync(query.Flows, keys, null, cancellationToken).ConfigureAwait(false))
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

    /// <summary>The stored columns of one side's fields, the lists read through their summaries (FlowColumns.ListSummaries).</summary>
    private sealed record SideColumns(FlowColumn Namespace, FlowColumn Pod, FlowColumn WorkloadCount, FlowColumn FirstWorkload, FlowColumn FirstWorkloadKind,
        FlowColumn Identity, FlowColumn NameCount, FlowColumn FirstName, FlowColumn Ip);

    private static readonly SideColumns SourceColumns = new(FlowColumns.SourceNamespace, FlowColumns.SourcePod, FlowColumns.SourceWorkloadCount, FlowColumns.SourceFirstWorkload,
        FlowColumns.SourceFirstWorkloadKind, FlowColumns.SourceIdentity, FlowColumns.SourceNameCount, FlowColumns.SourceFirstName, FlowColumns.SourceIp);

    private static readonly SideColumns DestinationColumns = new(FlowColumns.DestinationNamespace, FlowColumns.DestinationPod, FlowColumns.DestinationWorkloadCount, FlowColumns.DestinationFirstWorkload,
        FlowColumns.DestinationFirstWorkloadKind, FlowColumns.DestinationIdentity, FlowColumns.DestinationNameCount, FlowColumns.DestinationFirstName, FlowColumns.DestinationIp);

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
