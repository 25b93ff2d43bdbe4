using System.Text;
using System.Text.RegularExpressions;
using NetObs.History.Sql;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Brings one server's schema up to date at start: creates the database if missing, then applies each migration
/// not yet in <c>schema_migrations</c>, in version order. Statements are <c>IF NOT EXISTS</c>, so a migration
/// cut short by a crash is simply applied again; 18.16 has no <c>ADD COLUMN IF NOT EXISTS</c>, so an
/// <c>ALTER TABLE db.table ADD COLUMN name ...</c> is skipped when the table already has the column.
/// </summary>
public static partial class ClickHouseMigrator
{
    /// <summary>Applies what is missing on <paramref name="connection"/>; returns the versions applied now.</summary>
    public static async Task<IReadOnlyList<int>> MigrateAsync(IClickHouseConnection connection, string database, string? cluster, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        await connection.QueryAsync($"CREATE DATABASE IF NOT EXISTS {database}", cancellationToken).ConfigureAwait(false);
        await connection.QueryAsync(
            $"CREATE TABLE IF NOT EXISTS {database}.schema_migrations (version UInt32, name String, applied_ns Int64) ENGINE = MergeTree ORDER BY version",
            cancellationToken).ConfigureAwait(false);
        var applied = await AppliedAsync(connection, database, cancellationToken).ConfigureAwait(false);
        var now = new List<int>();
        foreach (var migration in ClickHouseMigration.All)
        {
            if (applied.Contains(migration.Version) || (migration.ClusterOnly && cluster is null))
            {
                continue;
            }

            foreach (var statement in migration.Statements(database, cluster))
            {
                if (await HasAddedColumnAsync(connection, statement, cancellationToken).ConfigureAwait(false))
                {
                    continue;
                }

                await connection.QueryAsync(statement, cancellationToken).ConfigureAwait(false);
            }

            var row = new TabSeparatedWriter();
            row.Integer(migration.Version);
            row.String(migration.Name);
            row.Integer(DateTime.UtcNow.Subtract(DateTime.UnixEpoch).Ticks * 100);
            row.EndRow();
            await connection.InsertAsync($"INSERT INTO {database}.schema_migrations FORMAT TabSeparated", row.Written, cancellationToken).ConfigureAwait(false);
            now.Add(migration.Version);
        }

        return now;
    }

    /// <summary>The versions recorded in <c>schema_migrations</c>.</summary>
    public static async Task<HashSet<int>> AppliedAsync(IClickHouseConnection connection, string database, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(connection);
        var reply = await connection.QueryAsync($"SELECT DISTINCT version FROM {database}.schema_migrations ORDER BY version FORMAT TabSeparated", cancellationToken).ConfigureAwait(false);
        var versions = new HashSet<int>();
        foreach (var line in Encoding.UTF8.GetString(reply).Split('\n', StringSplitOptions.RemoveEmptyEntries))
        {
            versions.Add(int.Parse(line, System.Globalization.CultureInfo.InvariantCulture));
        }

        return versions;
    }

    // True when the statement adds one column that its table already has.
    private static async Task<bool> HasAddedColumnAsync(IClickHouseConnection connection, string statement, CancellationToken cancellationToken)
    {
        var match = AddColumn().Match(statement);
        if (!match.Success)
        {
            return false;
        }

        string Literal(string group) => ClickHouseDialect.Instance.StringLiteral(match.Groups[group].Value);
        var reply = await connection.QueryAsync(
            $"SELECT count() FROM system.columns WHERE database = {Literal("database")} AND table = {Literal("table")} AND name = {Literal("column")} FORMAT TabSeparated",
            cancellationToken).ConfigureAwait(false);
        return Encoding.UTF8.GetString(reply).Trim() != "0";
    }

    [GeneratedRegex(@"^ALTER TABLE (?<database>[A-Za-z0-9_]+)\.(?<table>[A-Za-z0-9_]+) ADD COLUMN (?<column>[A-Za-z0-9_]+) ")]
    private static partial Regex AddColumn();
}
