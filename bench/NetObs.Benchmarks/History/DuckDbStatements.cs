using System.Globalization;
using DuckDB.NET.Data;

namespace NetObs.Benchmarks.History;

/// <summary>The two ways the benchmarks run SQL on a DuckDB connection of their own: a statement, and one number back.</summary>
internal static class DuckDbStatements
{
    public static async Task ExecuteAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }

    public static async Task<long> ScalarAsync(DuckDBConnection connection, string sql)
    {
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        return Convert.ToInt64(await command.ExecuteScalarAsync(), CultureInfo.InvariantCulture);
    }
}
