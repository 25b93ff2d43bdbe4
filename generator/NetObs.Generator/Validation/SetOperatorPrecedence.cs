namespace NetObs.Generator.Validation;

/// <summary>
/// Finds `A or B > 0`: PromQL binds comparisons tighter than `or`, so the comparison filters only the last branch
/// (`A or (B > 0)`) while the title promises it for all. Such an expression needs parentheses, `(A or B) > 0`, or a
/// comparison on every branch, `A > 0 or B > 0`.
/// </summary>
public static class SetOperatorPrecedence
{
    /// <summary>The problem with <paramref name="expression"/> as a sentence, or null when its comparisons bind as written.</summary>
    public static string? Problem(string expression)
    {
        // One frame per parenthesis level: whether an `or` was seen on this level, and whether its left side compared.
        var frames = new Stack<Frame>();
        frames.Push(new Frame());
        for (var i = 0; i < expression.Length; i++)
        {
            var c = expression[i];
            switch (c)
            {
                case '"' or '\'' or '`':
                    i = SkipQuoted(expression, i);
                    continue;
                case '{' or '[':
                    // Label matchers and ranges hold `=`, `!=` and durations, never operators of this level.
                    i = SkipBracketed(expression, i);
                    continue;
                case '(':
                    frames.Push(new Frame());
                    continue;
                case ')':
                    if (frames.Count > 1)
                    {
                        frames.Pop();
                    }

                    continue;
            }

            var frame = frames.Peek();
            if (IsWord(expression, i, "or"))
            {
                frame.OrWithoutComparisonBefore |= !frame.Compared;
                frame.Compared = false;
                i++;
            }
            else if (IsComparison(expression, i, out var length))
            {
                if (frame.OrWithoutComparisonBefore)
                {
                    var excerpt = expression.Length > 120 ? expression[..117] + "..." : expression;
                    return $"the comparison '{expression.Substring(i, length)}' at position {i + 1} applies only to the last branch of an 'or' " +
                        $"before it, because PromQL compares before it joins; put the 'or' in parentheses or compare every branch: {excerpt}";
                }

                frame.Compared = true;
                i += length - 1;
            }
        }

        return null;
    }

    private static bool IsComparison(string text, int index, out int length)
    {
        length = 0;
        var c = text[index];
        var next = index + 1 < text.Length ? text[index + 1] : '\0';
        if (c is '>' or '<')
        {
            length = next == '=' ? 2 : 1;
        }
        else if (c is '=' or '!' && next == '=')
        {
            length = 2;
        }

        return length > 0;
    }

    private static bool IsWord(string text, int index, string word) =>
        string.CompareOrdinal(text, index, word, 0, word.Length) == 0
        && (index == 0 || !IsIdentifier(text[index - 1]))
        && (index + word.Length == text.Length || !IsIdentifier(text[index + word.Length]));

    private static bool IsIdentifier(char c) => char.IsLetterOrDigit(c) || c is '_' or ':';

    private static int SkipQuoted(string text, int start)
    {
        var quote = text[start];
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] == '\\' && quote != '`')
            {
                i++;
            }
            else if (text[i] == quote)
            {
                return i;
            }
        }

        return text.Length;
    }

    private static int SkipBracketed(string text, int start)
    {
        var close = text[start] == '{' ? '}' : ']';
        for (var i = start + 1; i < text.Length; i++)
        {
            if (text[i] is '"' or '\'' or '`')
            {
                i = SkipQuoted(text, i);
            }
            else if (text[i] == close)
            {
                return i;
            }
        }

        return text.Length;
    }

    private sealed class Frame
    {
        public bool Compared { get; set; }

        public bool OrWithoutComparisonBefore { get; set; }
    }
}
