using NetObs.History.Storage;

namespace NetObs.History.Sql;

/// <summary>
/// The few places where DuckDB and ClickHouse (18.16 and current) spell SQL differently, so that the
/// FlowFilter translator and the aggregation queries are written once. Everything else the shared code emits
/// is plain SQL that both engines accept: comparisons, AND/OR/NOT, IN lists, integer arithmetic, GROUP BY,
/// ORDER BY, LIMIT.
/// </summary>
public interface ISqlDialect
{
    /// <summary>The engine's name, for messages.</summary>
    string Name { get; }

    /// <summary>The column type for a <see cref="FlowColumnType"/>.</summary>
    string TypeName(FlowColumnType type);

    /// <summary>A string literal with the engine's escaping (ClickHouse treats backslashes as escapes, DuckDB does not).</summary>
    string StringLiteral(string value);

    /// <summary>A quoted identifier.</summary>
    string Identifier(string name);

    /// <summary>True when the list expression contains the value (<c>list_contains</c> / <c>has</c>).</summary>
    string ListContains(string listExpression, string valueExpression);

    /// <summary>The number of elements of a list expression.</summary>
    string ListLength(string listExpression);

    /// <summary>The first element of a list expression, or the empty string when the list is empty.</summary>
    string FirstOrEmpty(string listExpression);

    /// <summary>Bitwise AND of two integer expressions.</summary>
    string BitAnd(string left, string right);

    /// <summary>Integer division rounding toward negative infinity for non-negative operands (time buckets).</summary>
    string IntegerDivide(string left, string right);

    /// <summary>True when the string expression starts with <paramref name="prefix"/> (ordinal, UTF-8).</summary>
    string StartsWith(string expression, string prefix);

    /// <summary>The natural logarithm of a numeric expression, as a double.</summary>
    string NaturalLog(string expression);

    /// <summary>A numeric expression converted to a signed 64-bit integer (truncating).</summary>
    string ToInt64(string expression);

    /// <summary>True when the whole string expression matches an RE2 pattern (both engines match with RE2).</summary>
    string FullRegexMatch(string expression, string re2Pattern);

    /// <summary>ASCII lower-casing of a string expression (both engines' <c>lower</c> agree on ASCII).</summary>
    string LowerAscii(string expression);
}
