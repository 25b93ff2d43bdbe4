namespace NetObs.Generator.Alerts;

/// <summary>Builds the comparison PromQL from a value, a threshold and a guard, adding parentheses only where precedence needs them.</summary>
public static class PromQlCondition
{
    /// <summary><c>value &gt; threshold</c>, plus <c>and guard &gt; minRate</c> when there is a guard and minRate is above 0.</summary>
    public static string Alerting(string value, double threshold, string guard, double minRate) =>
        $"{Operand(value)} > {YamlTreeWriter.FormatNumber(threshold)}{GuardClause(guard, minRate)}";

    /// <summary>The value with the guard applied but not compared, for Grafana's reduce and threshold expressions.</summary>
    public static string Query(string value, string guard, double minRate) =>
        $"{Operand(value)}{GuardClause(guard, minRate)}";

    private static string GuardClause(string guard, double minRate) =>
        guard.Length == 0 || minRate <= 0 ? "" : $" and {Operand(guard)} > {YamlTreeWriter.FormatNumber(minRate)}";

    /// <summary>Wraps the expression in parentheses when it has a top-level comparison or set operator that would bind looser than '&gt;'.</summary>
    public static string Operand(string expression)
    {
        var text = expression.Trim();
        return HasLooseTopLevelOperator(text) ? $"({text})" : text;
    }

    private static bool HasLooseTopLevelOperator(string text)
    {
        var depth = 0;
        char? quote = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quote is not null)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == quote)
                {
                    quote = null;
                }

                continue;
            }

            switch (c)
            {
                case '"' or '\'' or '`':
                    quote = c;
                    continue;
                case '(' or '[' or '{':
                    depth++;
                    continue;
                case ')' or ']' or '}':
                    depth--;
                    continue;
            }

            if (depth > 0)
            {
                continue;
            }

            if (c is '>' or '<' || (c is '=' or '!' && i + 1 < text.Length && text[i + 1] == '='))
            {
                return true;
            }

            if (char.IsWhiteSpace(c) && (StartsWord(text, i + 1, "and") || StartsWord(text, i + 1, "or") || StartsWord(text, i + 1, "unless")))
            {
                return true;
            }
        }

        return false;
    }

    private static bool StartsWord(string text, int index, string word) =>
        index + word.Length < text.Length
        && string.CompareOrdinal(text, index, word, 0, word.Length) == 0
        && (char.IsWhiteSpace(text[index + word.Length]) || text[index + word.Length] == '(');
}
