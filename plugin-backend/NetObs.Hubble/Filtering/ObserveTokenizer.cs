using System.Text;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Splits a filter string into words the way a POSIX shell would for the cases users paste:
/// whitespace separates, 'single quotes' are literal, "double quotes" allow \" and \\, and a
/// backslash outside quotes escapes the next character.
/// </summary>
internal static class ObserveTokenizer
{
    public static List<ObserveToken> Split(string text)
    {
        var tokens = new List<ObserveToken>();
        var current = new StringBuilder();
        var start = -1;
        var i = 0;
        while (i < text.Length)
        {
            var c = text[i];
            if (char.IsWhiteSpace(c))
            {
                if (start >= 0)
                {
                    tokens.Add(new ObserveToken(current.ToString(), start, i - start));
                    current.Clear();
                    start = -1;
                }

                i++;
                continue;
            }

            if (start < 0)
            {
                start = i;
            }

            switch (c)
            {
                case '\'':
                    {
                        var end = text.IndexOf('\'', i + 1);
                        if (end < 0)
                        {
                            throw new FilterSyntaxException(
                                $"filter: unterminated single quote at position {i}; close it with another '", i, text[start..]);
                        }

                        current.Append(text, i + 1, end - i - 1);
                        i = end + 1;
                        break;
                    }

                case '"':
                    {
                        var j = i + 1;
                        while (j < text.Length && text[j] != '"')
                        {
                            if (text[j] == '\\' && j + 1 < text.Length && text[j + 1] is '"' or '\\')
                            {
                                j++;
                            }

                            current.Append(text[j]);
                            j++;
                        }

                        if (j >= text.Length)
                        {
                            throw new FilterSyntaxException(
                                $"filter: unterminated double quote at position {i}; close it with another \"", i, text[start..]);
                        }

                        i = j + 1;
                        break;
                    }

                case '\\' when i + 1 < text.Length:
                    current.Append(text[i + 1]);
                    i += 2;
                    break;
                default:
                    current.Append(c);
                    i++;
                    break;
            }
        }

        if (start >= 0)
        {
            tokens.Add(new ObserveToken(current.ToString(), start, text.Length - start));
        }

        return tokens;
    }
}
