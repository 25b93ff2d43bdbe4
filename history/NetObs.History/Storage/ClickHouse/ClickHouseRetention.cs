using System.Globalization;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Retention by whole days: 18.16 has no table TTL, so the day partitions of flows_local and gaps_local that end at
/// or before the cutoff are dropped with <c>ALTER TABLE … DROP PARTITION</c>, on every listed server (a Distributed
/// table cannot drop its shards' partitions, and <c>ON CLUSTER</c> needs ZooKeeper on 18.16).
/// </summary>
public static class ClickHouseRetention
{
    private const long NanosPerDay = 86_400_000_000_000;

    /// <summary>Drops the days ending at or before <paramref name="cutoffNs"/>; returns how many distinct days were dropped.</summary>
    public static async Task<int> DropDaysBeforeAsync(IReadOnlyList<IClickHouseConnection> servers, ClickHouseTables tables, long cutoffNs, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(servers);
        ArgumentNullException.ThrowIfNull(tables);

        // Day D covers [D, D+1); it has ended by the cutoff when D+1 <= cutoff, i.e. D < floor(cutoff / day).
        var firstKeptDay = DateOnly.FromDateTime(DateTime.UnixEpoch).AddDays((int)Math.Min(Math.Max(cutoffNs, 0) / NanosPerDay, 3_000_000));
        var dropped = new HashSet<DateOnly>();
        foreach (var server in servers)
        {
            foreach (var table in (string[])[tables.FlowsLocal, tables.GapsLocal])
            {
                var name = table[(table.IndexOf('.', StringComparison.Ordinal) + 1)..];
                var reply = await server.QueryAsync(
                    $"SELECT DISTINCT toString(min_date) FROM system.parts WHERE database = '{tables.Database}' AND table = '{name}' AND active AND max_date < toDate('{Day(firstKeptDay)}') ORDER BY 1 FORMAT TabSeparated",
                    cancellationToken).ConfigureAwait(false);
                foreach (var row in ClickHouseFlowStore.ParseRows(reply))
                {
                    var day = DateOnly.ParseExact(row[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                    await server.QueryAsync($"ALTER TABLE {table} DROP PARTITION '{Day(day)}'", cancellationToken).ConfigureAwait(false);
                    dropped.Add(day);
                }
            }
        }

        return dropped.Count;
    }

    private static string Day(DateOnly day) => day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
}
