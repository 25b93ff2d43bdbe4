using System.Collections.Frozen;
using System.Globalization;
using System.Runtime.CompilerServices;
using DuckDB.NET.Data;
using NetObs.History.Aggregation;
using NetObs.History.Sql;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// The per-minute rollup of service-map keys (<c>service_map_minutes</c>, schema version 5): how the store adds the
/// rows it appended, and how a service map reads whole minutes from it and the rest from the flows table.
/// </summary>
/// <remarks>
/// <para>
/// A run groups the flows rows with block ids after <c>rolled_block</c> by minute and every rollup column, and moves
/// <c>rolled_block</c> to the newest block, in one transaction. A minute written across two runs has rows in both,
/// which only adds rows: the map adds counts of equal keys (<see cref="SqlServiceMap.AggregateAsync"/>).
/// </para>
/// <para>
/// A map answers from the rollup when its filters are exact in SQL and read only rollup columns. It then reads three
/// parts in one snapshot: the rollup's whole minutes in the range, the flows of the range's partial first and last
/// minutes, and the flows in whole minutes that no run has rolled yet (block id after <c>rolled_block</c>, which
/// DuckDB's zone maps find in the newest row groups). Together they hold each flow of the range exactly once.
/// </para>
/// </remarks>
internal sealed class DuckDbServiceMapRollup
{
    public const long MinuteNs = 60_000_000_000;

    /// <summary>The flows table's columns the rollup keeps, in table order after <c>minute_ns</c> and <c>day</c>.</summary>
    public static IReadOnlyList<FlowColumn> FlowColumnsKept { get; } =
    [
        FlowColumns.Cluster, FlowColumns.Node, FlowColumns.Verdict, FlowColumns.DropReason, FlowColumns.TrafficDirection, FlowColumns.IsReply,
        FlowColumns.EventType, FlowColumns.EventSubType, FlowColumns.IpVersion, FlowColumns.SourceIp, FlowColumns.DestinationIp,
        FlowColumns.SourceCluster, FlowColumns.SourceNamespace, FlowColumns.SourcePod, FlowColumns.SourceIdentity,
        FlowColumns.DestinationCluster, FlowColumns.DestinationNamespace, FlowColumns.DestinationPod, FlowColumns.DestinationIdentity,
        FlowColumns.L4Protocol, FlowColumns.L7Protocol, FlowColumns.DeniedBy, .. FlowColumns.ListSummaries,
    ];

    /// <summary>The derived facts as the rollup's column names.</summary>
    public static ServiceMapFacts Facts { get; } = new("l7_error", "service_port", "latency_index");

    /// <summary>Every column of <c>service_map_minutes</c> in table order; a test holds the DDL to it.</summary>
    public static IReadOnlyList<string> ColumnNames { get; } =
        ["minute_ns", "day", .. FlowColumnsKept.Select(c => c.Name), Facts.L7Error, Facts.ServicePort, Facts.LatencyIndex, "flows", "first_ns", "last_ns"];

    private static readonly ISqlDialect Dialect = DuckDbDialect.Instance;
    private static readonly FrozenSet<FlowColumn> Kept = FlowColumnsKept.ToFrozenSet();
    private readonly FlowFilterSqlTranslator _translator = new(Dialect, Kept);

    /// <summary>The newest block id whose rows are rolled up; -1 before the first run.</summary>
    public static async Task<long> RolledBlockAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT rolled_block FROM service_map_rollup_state";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>How many flows rows are not rolled up yet.</summary>
    public static async Task<long> PendingRowsAsync(DuckDBConnection connection, long rolledBlock, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = $"SELECT count(*) FROM flows WHERE {Unrolled(rolledBlock)}";
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    /// <summary>Rolls the rows with block ids after <paramref name="rolledBlock"/> up to <paramref name="upToBlock"/>, in one transaction.</summary>
    public static async Task RollAsync(DuckDBConnection writer, long rolledBlock, long upToBlock, CancellationToken cancellationToken)
    {
        var facts = ServiceMapFacts.OverFlows(Dialect);
        var time = Dialect.Identifier(FlowColumns.TimeNs.Name);
        var minute = string.Create(CultureInfo.InvariantCulture, $"{time} - ((({time} % {MinuteNs}) + {MinuteNs}) % {MinuteNs})");
        var kept = string.Join(", ", FlowColumnsKept.Select(c => Dialect.Identifier(c.Name)));
        var sql = string.Create(CultureInfo.InvariantCulture,
            $"INSERT INTO service_map_minutes ({string.Join(", ", ColumnNames)}) " +
            $"SELECT {minute}, {Dialect.Identifier(FlowColumns.Day.Name)}, {kept}, {facts.L7Error}, {facts.ServicePort}, {facts.LatencyIndex}, count(*), min({time}), max({time}) " +
            $"FROM flows WHERE {Unrolled(rolledBlock)} AND {NotAfter(upToBlock, rolledBlock)} GROUP BY ALL; " +
            $"UPDATE service_map_rollup_state SET rolled_block = {upToBlock};");
        await using var transaction = await writer.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await using (var command = writer.CreateCommand())
        {
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The service map from the rollup and the flows it does not hold, or null when the rollup cannot answer the query
    /// (a filter it cannot decide, or no whole minute in the range) and the flows table must.
    /// </summary>
    /// <exception cref="Hubble.Evaluation.InvalidFlowFilterException">A filter is invalid, as Hubble would reject it.</exception>
    public async Task<ServiceMapResult?> TryBuildAsync(ServiceMapQuery query, Func<CancellationToken, Task<DuckDBConnection>> openReader, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        var flows = query.Flows;
        if (_translator.TranslateExact(flows.Allow, flows.Deny) is not { } condition || WholeMinutes(flows.SinceNs, flows.UntilNs) is not var (first, last))
        {
            return null;
        }

        var where = condition.Sql;
        if (flows.Clusters.Count > 0)
        {
            where += $" AND {Dialect.Identifier(FlowColumns.Cluster.Name)} IN ({string.Join(", ", flows.Clusters.Distinct(StringComparer.Ordinal).Select(Dialect.StringLiteral))})";
        }

        var keys = ServiceMapKeys.Of(query.NodeKind, Dialect, Facts);
        var flowKeys = ServiceMapKeys.Of(query.NodeKind, Dialect, ServiceMapFacts.OverFlows(Dialect));
        var rows = ReadRowsAsync(openReader, keys.Expressions, flowKeys.Expressions, where, flows.SinceNs, flows.UntilNs, first, last, cancellationToken);
        return await SqlServiceMap.AggregateAsync(query, keys, rows).ConfigureAwait(false);
    }

    /// <summary>The first whole minute's start and the last whole minute's end (inclusive) in a range, or null without one.</summary>
    private static (long First, long LastEnd)? WholeMinutes(long sinceNs, long untilNs)
    {
        var first = sinceNs <= 0 ? 0 : sinceNs + ((MinuteNs - (sinceNs % MinuteNs)) % MinuteNs);
        var lastEnd = untilNs == long.MaxValue ? long.MaxValue : untilNs - ((untilNs + 1) % MinuteNs);
        return lastEnd >= first && lastEnd - first >= MinuteNs - 1 ? (first, lastEnd) : null;
    }

    private static async IAsyncEnumerable<GroupedRows.Row> ReadRowsAsync(Func<CancellationToken, Task<DuckDBConnection>> openReader,
        IReadOnlyList<string> rollupKeys, IReadOnlyList<string> flowKeys, string where,
        long sinceNs, long untilNs, long first, long lastEnd, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await using var connection = await openReader(cancellationToken).ConfigureAwait(false);

        // One snapshot for the run's progress and both tables, so a run committing meanwhile neither hides nor doubles rows.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var rolled = await RolledBlockAsync(connection, cancellationToken).ConfigureAwait(false);
        var rollupGroup = string.Join(", ", rollupKeys);
        var flowGroup = string.Join(", ", flowKeys);
        var lastStart = lastEnd == long.MaxValue ? long.MaxValue : lastEnd - MinuteNs + 1;

        string FromFlows(string range) =>
            $"SELECT {flowGroup}, count(*), min(time_ns), max(time_ns) FROM flows WHERE {where} AND {range} GROUP BY {flowGroup}";

        var parts = new List<string>
        {
            string.Create(CultureInfo.InvariantCulture,
                $"SELECT {rollupGroup}, CAST(sum(flows) AS BIGINT), min(first_ns), max(last_ns) FROM service_map_minutes WHERE {where} AND minute_ns BETWEEN {first} AND {lastStart} GROUP BY {rollupGroup}"),
            FromFlows(string.Create(CultureInfo.InvariantCulture, $"time_ns BETWEEN {first} AND {lastEnd} AND {Unrolled(rolled)}")),
        };
        if (sinceNs < first)
        {
            parts.Add(FromFlows(string.Create(CultureInfo.InvariantCulture, $"time_ns BETWEEN {sinceNs} AND {first - 1}")));
        }

        if (untilNs > lastEnd)
        {
            parts.Add(FromFlows(string.Create(CultureInfo.InvariantCulture, $"time_ns BETWEEN {lastEnd + 1} AND {untilNs}")));
        }

        var keyCount = rollupKeys.Count;
        await using var command = connection.CreateCommand();
        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"SELECT * FROM ({string.Join(" UNION ALL ", parts)}) ORDER BY {keyCount + 2}");
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var keys = new object?[keyCount];
            for (var i = 0; i < keyCount; i++)
            {
                keys[i] = reader.IsDBNull(i) ? null : reader.GetValue(i);
            }

            yield return new GroupedRows.Row(keys, GroupedRows.ToLong(reader.GetValue(keyCount)), GroupedRows.ToLong(reader.GetValue(keyCount + 1)), GroupedRows.ToLong(reader.GetValue(keyCount + 2)));
        }
    }

    // Rows of version 1 files have no block id; the first run (rolled_block -1) rolls them with the rest.
    private static string Unrolled(long rolledBlock) =>
        rolledBlock < 0 ? "TRUE" : string.Create(CultureInfo.InvariantCulture, $"block_id > {rolledBlock}");

    private static string NotAfter(long block, long rolledBlock) => rolledBlock < 0
        ? string.Create(CultureInfo.InvariantCulture, $"(block_id IS NULL OR block_id <= {block})")
        : string.Create(CultureInfo.InvariantCulture, $"block_id <= {block}");
}
