using System.Text;
using NetObs.History.Storage;

namespace NetObs.History.Sql;

/// <summary>
/// ClickHouse's spelling, limited to what 18.16 accepts (../shared/reference/flow-stores.md): no LowCardinality,
/// no DateTime64, values bound by escaping because 18.16 has no query parameters.
/// </summary>
public sealed class ClickHouseDialect : ISqlDialect
{
    public static ClickHouseDialect Instance { get; } = new();

    public string Name => "ClickHouse";

    public string TypeName(FlowColumnType type) => type switch
    {
        FlowColumnType.Int8 => "Int8",
        FlowColumnType.UInt8 => "UInt8",
        FlowColumnType.Int16 => "Int16",
        FlowColumnType.UInt16 => "UInt16",
        FlowColumnType.Int32 => "Int32",
        FlowColumnType.UInt32 => "UInt32",
        FlowColumnType.Int64 => "Int64",
        FlowColumnType.UInt64 => "UInt64",
        FlowColumnType.String => "String",
        FlowColumnType.StringList => "Array(String)",
        FlowColumnType.Bytes => "String",
        FlowColumnType.Date => "Date",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    // ClickHouse string literals treat the backslash as an escape character, so both it and the quote are escaped.
    public string StringLiteral(string value)
    {
        var builder = new StringBuilder(value.Length + 2).Append('\'');
        foreach (var c in value)
        {
            switch (c)
            {
                case '\\':
                    builder.Append("\\\\");
                    break;
                case '\'':
                    builder.Append("\\'");
                    break;
                case '\0':
                    builder.Append("\\0");
                    break;
                default:
                    builder.Append(c);
                    break;
            }
        }

        return builder.Append('\'').ToString();
    }

    public string Identifier(string name) => string.Concat("`", name.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("`", "\\`", StringComparison.Ordinal), "`");

    public string ListContains(string listExpression, string valueExpression) => $"has({listExpression}, {valueExpression})";

    public string ListLength(string listExpression) => $"length({listExpression})";

    // Out-of-range array access yields the type's default, the empty string.
    public string FirstOrEmpty(string listExpression) => $"{listExpression}[1]";

    public string BitAnd(string left, string right) => $"bitAnd({left}, {right})";

    public string IntegerDivide(string left, string right) => $"intDiv({left}, {right})";

    // startsWith is missing from 18.16; comparing the leading bytes is the same test on UTF-8 strings.
    public string StartsWith(string expression, string prefix) =>
        prefix.Length == 0 ? "(1 = 1)" : $"substring({expression}, 1, {Encoding.UTF8.GetByteCount(prefix)}) = {StringLiteral(prefix)}";

    public string NaturalLog(string expression) => $"log({expression})";

    public string ToInt64(string expression) => $"toInt64({expression})";

    // match() finds the pattern anywhere (clickhouse.com/docs/sql-reference/functions/string-search-functions#match), so it is anchored.
    public string FullRegexMatch(string expression, string re2Pattern) => $"match({expression}, {StringLiteral($"^(?:{re2Pattern})$")})";

    public string LowerAscii(string expression) => $"lower({expression})";
}
