using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Aggregation;

/// <summary>
/// The keys a service map groups by, for one node kind: each side's nine fields (namespace, pod, workload count,
/// first workload and its kind, identity, DNS name count, first DNS name, IP), then the flow's own facts (is_reply,
/// verdict, drop reason, L7 error, service port, L7 protocol, L4 protocol, latency bucket, denying policies).
/// </summary>
/// <remarks>
/// Each side's field is grouped only for the rows where <see cref="ServiceMapNodeNamer"/> reads it
/// (<see cref="ServiceMapNodeNamer.Reads"/>) and is a constant elsewhere: in-cluster sides drop IP, DNS names and, in
/// a workload map, the pods of a workload; sides outside the cluster drop pod and workload. Flows that differ only in
/// fields the namer does not read then share a group. The same keys are spelled over the flows table and over a
/// rollup that stores the three derived facts (<see cref="ServiceMapFacts"/>) as columns.
/// </remarks>
internal sealed class ServiceMapKeys
{
    private ServiceMapKeys(IReadOnlyList<string> expressions, int[][] sides, int factsAt)
    {
        Expressions = expressions;
        Sides = sides;
        FactsAt = factsAt;
    }

    /// <summary>The key expressions, in the order rows return them.</summary>
    public IReadOnlyList<string> Expressions { get; }

    /// <summary>Per side (source, destination): where each of its nine fields is among the keys, -1 when it is not grouped.</summary>
    public int[][] Sides { get; }

    /// <summary>Where the flow's own facts start among the keys.</summary>
    public int FactsAt { get; }

    /// <summary>The keys of a map of <paramref name="kind"/> over a relation that has the flows table's columns and the facts' values.</summary>
    public static ServiceMapKeys Of(ServiceMapNodeKind kind, ISqlDialect dialect, ServiceMapFacts facts)
    {
        string C(FlowColumn column) => dialect.Identifier(column.Name);
        var reads = new ServiceMapNodeNamer(kind).Reads;
        var keys = new List<string>();
        var sides = new List<int[]>();
        foreach (var side in new[] { SourceColumns, DestinationColumns })
        {
            int Key(string? expression)
            {
                if (expression is null)
                {
                    return -1;
                }

                keys.Add(expression);
                return keys.Count - 1;
            }

            var hasNamespace = $"{C(side.Namespace)} <> ''";
            var workloads = C(side.WorkloadCount);
            string? Read(ServiceMapNodeNamer.SideRead read, string expression, string constant) => read switch
            {
                ServiceMapNodeNamer.SideRead.Never => null,
                ServiceMapNodeNamer.SideRead.Always => expression,
                ServiceMapNodeNamer.SideRead.InCluster => $"CASE WHEN {hasNamespace} THEN {expression} ELSE {constant} END",
                ServiceMapNodeNamer.SideRead.InClusterWithWorkload => $"CASE WHEN {hasNamespace} AND {workloads} > 0 THEN {expression} ELSE {constant} END",
                ServiceMapNodeNamer.SideRead.InClusterWithoutWorkload => $"CASE WHEN {hasNamespace} AND {workloads} = 0 THEN {expression} ELSE {constant} END",
                _ => $"CASE WHEN {hasNamespace} THEN {constant} ELSE {expression} END",
            };

            sides.Add(
            [
                Key(C(side.Namespace)),
                Key(Read(reads.Pod, C(side.Pod), "''")),
                Key(Read(reads.Workload, workloads, "0")),
                Key(Read(reads.Workload, C(side.FirstWorkload), "''")),
                Key(Read(reads.WorkloadKind, C(side.FirstWorkloadKind), "''")),
                Key(Read(reads.Identity, C(side.Identity), "0")),
                Key(Read(reads.DnsName, C(side.NameCount), "0")),
                Key(Read(reads.DnsName, C(side.FirstName), "''")),
                Key(Read(reads.Ip, C(side.Ip), "''")),
            ]);
        }

        var factsAt = keys.Count;
        keys.Add(C(FlowColumns.IsReply));
        keys.Add(C(FlowColumns.Verdict));
        keys.Add(C(FlowColumns.DropReason));
        keys.Add(facts.L7Error);
        keys.Add(facts.ServicePort);
        keys.Add(C(FlowColumns.L7Protocol));
        keys.Add(C(FlowColumns.L4Protocol));
        keys.Add(facts.LatencyIndex);
        keys.Add(C(FlowColumns.DeniedBy));
        return new ServiceMapKeys(keys, [.. sides], factsAt);
    }

    /// <summary>The stored columns of one side's fields, the lists read through their summaries (FlowColumns.ListSummaries).</summary>
    private sealed record SideColumns(FlowColumn Namespace, FlowColumn Pod, FlowColumn WorkloadCount, FlowColumn FirstWorkload, FlowColumn FirstWorkloadKind,
        FlowColumn Identity, FlowColumn NameCount, FlowColumn FirstName, FlowColumn Ip);

    private static readonly SideColumns SourceColumns = new(FlowColumns.SourceNamespace, FlowColumns.SourcePod, FlowColumns.SourceWorkloadCount, FlowColumns.SourceFirstWorkload,
        FlowColumns.SourceFirstWorkloadKind, FlowColumns.SourceIdentity, FlowColumns.SourceNameCount, FlowColumns.SourceFirstName, FlowColumns.SourceIp);

    private static readonly SideColumns DestinationColumns = new(FlowColumns.DestinationNamespace, FlowColumns.DestinationPod, FlowColumns.DestinationWorkloadCount, FlowColumns.DestinationFirstWorkload,
        FlowColumns.DestinationFirstWorkloadKind, FlowColumns.DestinationIdentity, FlowColumns.DestinationNameCount, FlowColumns.DestinationFirstName, FlowColumns.DestinationIp);

    /// <summary>The columns of both sides that the keys read (the rollup stores each of them).</summary>
    public static IReadOnlyList<FlowColumn> SideColumnList { get; } =
    [
        .. new[] { SourceColumns, DestinationColumns }.SelectMany(s => new[] { s.Namespace, s.Pod, s.WorkloadCount, s.FirstWorkload, s.FirstWorkloadKind, s.Identity, s.NameCount, s.FirstName, s.Ip }),
    ];
}
