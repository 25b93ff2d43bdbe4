namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// The qualified table names a store reads and writes: the Distributed tables with a cluster, the local MergeTree
/// tables on a single server. Retention always works on the local tables, server by server.
/// </summary>
public sealed record ClickHouseTables(string Database, string? Cluster)
{
    public string Flows => Cluster is null ? FlowsLocal : $"{Database}.flows";

    public string Gaps => Cluster is null ? GapsLocal : $"{Database}.gaps";

    public string FlowsLocal => $"{Database}.flows_local";

    public string GapsLocal => $"{Database}.gaps_local";
}
