using System.Globalization;
using System.Text;

namespace NetObs.History.Storage.ClickHouse;

/// <summary>
/// SQL literals for values bound into statements. 18.16 has no HTTP query parameters (flow-stores.md), so every
/// user-supplied value goes through here: backslash and quote are escaped and control bytes written as \xHH,
/// which both 18.16 and current releases read back as the same bytes.
/// </summary>
public static class ClickHouseLiteral
{
    /// <summary>A single-quoted string literal holding exactly <paramref name="value"/>.</summary>
    public static string String(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var sql = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    sql.Append(@"\\");
                    break;
                case '\'':
                    sql.Append(@"\'");
                    break;
                case < ' ' or '\x7f':
                    sql.Append(@"\x").Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
                    break;
                default:
                    sql.Append(c);
                    break;
            }
        }

        return sql.Append('\'').ToString();
    }

    /// <summary>An integer literal.</summary>
    public static string Integer(long value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An unsigned integer literal.</summary>
    public static string Integer(ulong value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>An array literal of strings, e.g. <c>['a','b']</c>.</summary>
    public static string StringArray(IEnumerable<string> values) =>
        "[" + string.Join(",", values.Select(String)) + "]";
}
