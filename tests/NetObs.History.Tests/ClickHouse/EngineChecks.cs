using System.Text;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>
/// Checks written once and run on both engines, ClickHouse 18.16 over HTTP and chDB 26.7 in process, so that a
/// statement the store emits is proven on the oldest and the newest engine with the same expected results.
/// </summary>
internal static class EngineChecks
{
    /// <summary>Strings that break naive quoting or TabSeparated escaping.</summary>
    public static readonly string[] HostileStrings =
    [
        "plain",
        string.Empty,
        "it's",
        @"back\slash",
        @"trailing\",
        "tab\there",
        "new\nline",
        "carriage\rreturn",
        "nul\0byte",
        "'; DROP TABLE x; --",
        @"\'",
        "['a','b']",
        "ünïcødé ✓ 日本",
        "\u0001\u001f\u007f",
        "{database}",
    ];

    public static async Task Migrations_apply_once_and_record_their_versions(IClickHouseConnection connection, string database, string? cluster)
    {
        var first = await ClickHouseMigrator.MigrateAsync(connection, database, cluster, CancellationToken.None);
        var expected = ClickHouseMigration.All.Where(m => cluster is not null || !m.ClusterOnly).Select(m => m.Version).ToArray();
        Assert.Equal(expected, first);
        Assert.Empty(await ClickHouseMigrator.MigrateAsync(connection, database, cluster, CancellationToken.None));
        Assert.Equal(expected.Order(), (await ClickHouseMigrator.AppliedAsync(connection, database, CancellationToken.None)).Order());

        var tables = await TextAsync(connection, $"SELECT name FROM system.tables WHERE database = '{database}' ORDER BY name FORMAT TabSeparated");
        var expectedTables = cluster is null
            ? new[] { "flows_local", "gaps_local", "schema_migrations" }
            : ["flows", "flows_local", "gaps", "gaps_local", "schema_migrations"];
        Assert.Equal(expectedTables, tables.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    public static async Task Hostile_strings_round_trip_through_rows_and_literals(IClickHouseConnection connection, string database)
    {
        await connection.QueryAsync($"CREATE DATABASE IF NOT EXISTS {database}", CancellationToken.None);
        await connection.QueryAsync($"CREATE TABLE {database}.hostile (id Int64, s String, list Array(String), raw String) ENGINE = MergeTree ORDER BY id", CancellationToken.None);
        var rows = new TabSeparatedWriter();
        var raw = Enumerable.Range(0, 256).Select(i => (byte)i).ToArray();
        for (var i = 0; i < HostileStrings.Length; i++)
        {
            rows.Integer(i);
            rows.String(HostileStrings[i]);
            rows.StringArray([HostileStrings[i], HostileStrings[(i + 1) % HostileStrings.Length]]);
            rows.Bytes(raw.AsSpan(i));
            rows.EndRow();
        }

        await connection.InsertAsync($"INSERT INTO {database}.hostile FORMAT TabSeparated", rows.Written, CancellationToken.None);

        var reply = await connection.QueryAsync($"SELECT id, s, length(list), list[1], list[2], raw FROM {database}.hostile ORDER BY id FORMAT TabSeparated", CancellationToken.None);
        var reader = new TabSeparatedReader(reply);
        for (var i = 0; i < HostileStrings.Length; i++)
        {
            Assert.True(reader.HasRow, $"row {i} missing");
            Assert.Equal(i, reader.Int64());
            Assert.Equal(HostileStrings[i], reader.String());
            Assert.Equal(2, reader.Int64());
            Assert.Equal(HostileStrings[i], reader.String());
            Assert.Equal(HostileStrings[(i + 1) % HostileStrings.Length], reader.String());
            Assert.Equal(raw[i..], reader.Bytes());
        }

        Assert.False(reader.HasRow);

        // Each string bound as a literal finds exactly its own row, in a plain comparison and inside has().
        for (var i = 0; i < HostileStrings.Length; i++)
        {
            var literal = NetObs.History.Sql.ClickHouseDialect.Instance.StringLiteral(HostileStrings[i]);
            var ids = await TextAsync(connection, $"SELECT id FROM {database}.hostile WHERE s = {literal} AND has(list, {literal}) AND length({literal}) = {Encoding.UTF8.GetByteCount(HostileStrings[i])} FORMAT TabSeparated");
            Assert.Equal(i.ToString(System.Globalization.CultureInfo.InvariantCulture), ids.Trim());
        }
    }

    public static async Task<string> TextAsync(IClickHouseConnection connection, string sql) =>
        Encoding.UTF8.GetString(await connection.QueryAsync(sql, CancellationToken.None));
}
