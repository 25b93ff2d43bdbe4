using System.Globalization;
using System.Reflection;
using DuckDB.NET.Data;

namespace NetObs.History.Storage.DuckDb;

/// <summary>
/// Applies the numbered DDL files under Storage/DuckDb/Migrations in order, each once, recording the version in
/// <c>schema_version</c>; a file written by a newer server is refused rather than misread.
/// </summary>
internal static class DuckDbMigrations
{
    private const string ResourcePrefix = "duckdb-migrations/";

    /// <summary>Migrations in version order: the number before the first underscore of the file name.</summary>
    public static IReadOnlyList<(int Version, string Name, string Sql)> All { get; } = Load();

    public static int LatestVersion => All[^1].Version;

    public static async Task<int> ApplyAsync(DuckDBConnection connection, string description, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL, name VARCHAR NOT NULL, applied_ns BIGINT NOT NULL)", cancellationToken).ConfigureAwait(false);
        var current = await CurrentVersionAsync(connection, cancellationToken).ConfigureAwait(false);
        if (current > LatestVersion)
        {
            throw new FlowStoreException(
                $"The store {description} has schema version {current}, newer than this netobs-history understands ({LatestVersion}). " +
                "Upgrade netobs-history, or point --store at another file.");
        }

        var applied = 0;
        foreach (var (version, name, sql) in All)
        {
            if (version <= current)
            {
                continue;
            }

            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await ExecuteAsync(connection, sql, cancellationToken).ConfigureAwait(false);
            var nowNs = (DateTimeOffset.UtcNow - DateTimeOffset.UnixEpoch).Ticks * 100;
            await ExecuteAsync(connection,
                $"INSERT INTO schema_version VALUES ({version.ToString(CultureInfo.InvariantCulture)}, '{name.Replace("'", "''", StringComparison.Ordinal)}', {nowNs.ToString(CultureInfo.InvariantCulture)})",
                cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            applied++;
        }

        return applied;
    }

    public static async Task<int> CurrentVersionAsync(DuckDBConnection connection, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT coalesce(max(version), 0) FROM schema_version";
        return Convert.ToInt32(await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false), CultureInfo.InvariantCulture);
    }

    private static async Task ExecuteAsync(DuckDBConnection connection, string sql, CancellationToken cancellationToken)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    private static List<(int, string, string)> Load()
    {
        var assembly = Assembly.GetExecutingAssembly();
        var migrations = new List<(int, string, string)>();
        foreach (var resource in assembly.GetManifestResourceNames())
        {
            if (!resource.StartsWith(ResourcePrefix, StringComparison.Ordinal) || !resource.EndsWith(".sql", StringComparison.Ordinal))
            {
                continue;
            }

            var name = resource[ResourcePrefix.Length..^".sql".Length];
            var underscore = name.IndexOf('_', StringComparison.Ordinal);
            var version = int.Parse(name[..underscore], CultureInfo.InvariantCulture);
            using var stream = assembly.GetManifestResourceStream(resource)!;
            using var reader = new StreamReader(stream);
            migrations.Add((version, name, reader.ReadToEnd()));
        }

        migrations.Sort((a, b) => a.Item1.CompareTo(b.Item1));
        return migrations;
    }
}
