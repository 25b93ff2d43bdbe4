using NetObs.History.Storage;

namespace NetObs.History.Sql;

/// <summary>DuckDB's spelling (duckdb.org/docs/sql/functions/list, /data_types/literal_types).</summary>
public sealed class DuckDbDialect : ISqlDialect
{
    public static DuckDbDialect Instance { get; } = new();

    public string Name => "DuckDB";

    public string TypeName(FlowColumnType type) => type switch
    {
        FlowColumnType.Int8 => "TINYINT",
        FlowColumnType.UInt8 => "UTINYINT",
        FlowColumnType.Int16 => "SMALLINT",
        FlowColumnType.UInt16 => "USMALLINT",
        FlowColumnType.Int32 => "INTEGER",
        FlowColumnType.UInt32 => "UINTEGER",
        FlowColumnType.Int64 => "BIGINT",
        FlowColumnType.UInt64 => "UBIGINT",
        FlowColumnType.String => "VARCHAR",
        FlowColumnType.StringList => "VARCHAR[]",
        FlowColumnType.Bytes => "BLOB",
        FlowColumnType.Date => "DATE",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, null),
    };

    // Standard SQL literals: only the quote is doubled; a backslash is an ordinary character.
    public string StringLiteral(string value) => string.Concat("'", value.Replace("'", "''", StringComparison.Ordinal), "'");

    public string Identifier(string name) => string.Concat("\"", name.Replace("\"", "\"\"", StringComparison.Ordinal), "\"");

    public string ListContains(string listExpression, string valueExpression) => $"list_contains({listExpression}, {valueExpression})";

    public string ListLength(string listExpression) => $"len({listExpression})";

    public string FirstOrEmpty(string listExpression) => $"coalesce({listExpression}[1], '')";

    public string BitAnd(string left, string right) => $"(({left}) & ({right}))";

    public string IntegerDivide(string left, string right) => $"(({left}) // ({right}))";

    public string StartsWith(string expression, string prefix) => prefix.Length == 0 ? "(1 = 1)" : $"starts_with({expression}, {StringLiteral(prefix)})";

    public string NaturalLog(string expression) => $"ln({expression})";

    public string ToInt64(string expression) => $"CAST({expression} AS BIGINT)";

    public string FullRegexMatch(string expression, string re2Pattern) => $"regexp_full_match({expression}, {StringLiteral(re2Pattern)})";

    public string LowerAscii(string expression) => $"lower({expression})";
}
