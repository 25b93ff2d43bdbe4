using System.Globalization;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// Number and byte-string literals for the store's own statements (strings go through ClickHouseDialect.StringLiteral).
/// 18.16 has no HTTP query parameters (flow-stores.md), so values are bound as literals; bytes are written as \xHH,
/// which both 18.16 and current releases read back as the same bytes.
/// </summary>
public static class ClickHouseLiteral
{
    /// <summary>An integer literal.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer literal.</summary>
    public static string Integer(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>A string literal holding exactly <paramref name="value"/>'s bytes, each written as \xHH.</summary>
    public static string Bytes(ReadOnlySpan<byte> value)
    {
        var sql = new StringBuilder((value.Length * 4) + 2).Append('\'');
        foreach (var b in value)
        {
            sql.Append(@"\x").Append(b.ToString("X2", CultureInfo.InvariantCulture));
        }

        return sql.Append('\'').ToString();
    }
}
