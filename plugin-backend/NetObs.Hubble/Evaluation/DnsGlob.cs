namespace NetObs.Hubble.Evaluation;

/// <summary>
/// One canonical FQDN pattern (lower case; letters, digits, '-', '_', '.', and '*' for any run of
/// those) matched without regex or allocation. Because the pattern's literals are all in the star's
/// character set, a name with any other character cannot match, and the classic greedy wildcard
/// walk with one backtrack point is exact.
/// </summary>
internal sealed class DnsGlob
{
    private readonly string _pattern;
    private readonly string _prefix;
    private readonly string _suffix;
    private readonly string _middle;

    private DnsGlob(string pattern)
    {
        _pattern = pattern;
        var first = pattern.IndexOf('*', StringComparison.Ordinal);
        var last = pattern.LastIndexOf('*');

        // Literal ends are compared directly; only the part between the first and last '*' needs the wildcard walk.
        _prefix = first < 0 ? pattern : pattern[..first];
        _suffix = first < 0 ? string.Empty : pattern[(last + 1)..];
        _middle = first < 0 ? string.Empty : pattern[first..(last + 1)];
    }

    /// <summary>Validates and canonicalises a pattern as cilium's patterns.go does (trim, one trailing dot, lower case).</summary>
    public static DnsGlob Parse(string pattern, string what)
    {
        var canonical = pattern.Trim();
        if (canonical.EndsWith('.'))
        {
            canonical = canonical[..^1];
        }

        canonical = canonical.ToLowerInvariant();
        if (canonical.Length == 0)
        {
            throw new InvalidFlowFilterException($"invalid {what} in filter: empty pattern \"{pattern}\"");
        }

        if (canonical.EndsWith('.'))
        {
            throw new InvalidFlowFilterException($"invalid {what} in filter: multiple trailing dots in pattern \"{pattern}\"");
        }

        foreach (var c in canonical)
        {
            if (c != '*' && !IsNameChar(c))
            {
                throw new InvalidFlowFilterException(
                    $"invalid {what} in filter: '{c}' is not allowed in pattern \"{pattern}\"; only letters, digits, '-', '_', '.' and '*' are");
            }
        }

        return new DnsGlob(canonical);
    }

    /// <summary>True for the characters a '*' may stand for: [-.0-9a-z_].</summary>
    public static bool IsNameChar(char c) => c is '-' or '_' or '.' or (>= '0' and <= '9') or (>= 'a' and <= 'z');

    /// <summary>Matches the whole name; with <paramref name="ignoreCase"/> ASCII letters are folded to lower case.</summary>
    public bool Matches(ReadOnlySpan<char> name, bool ignoreCase)
    {
        if (name.Length < _prefix.Length + _suffix.Length
            || !EqualsFolded(name[..(_prefix.Length)], _prefix, ignoreCase)
            || !EqualsFolded(name[(name.Length - _suffix.Length)..], _suffix, ignoreCase))
        {
            return false;
        }

        if (_middle.Length == 0)
        {
            return name.Length == _prefix.Length;
        }

        name = name[_prefix.Length..(name.Length - _suffix.Length)];
        foreach (var raw in name)
        {
            if (!IsNameChar(Fold(raw, ignoreCase)))
            {
                return false;
            }
        }

        return _middle.Length == 1 || MatchesWildcards(name, _middle, ignoreCase);
    }

    private static bool EqualsFolded(ReadOnlySpan<char> text, string literal, bool ignoreCase)
    {
        for (var i = 0; i < literal.Length; i++)
        {
            if (Fold(text[i], ignoreCase) != literal[i])
            {
                return false;
            }
        }

        return true;
    }

    private static bool MatchesWildcards(ReadOnlySpan<char> name, ReadOnlySpan<char> pattern, bool ignoreCase)
    {
        int p = 0, n = 0, star = -1, mark = 0;
        while (n < name.Length)
        {
            var c = Fold(name[n], ignoreCase);
            if (p < pattern.Length && pattern[p] != '*' && pattern[p] == c)
            {
                p++;
                n++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = n;
            }
            else if (star >= 0)
            {
                p = star + 1;
                n = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    /// <summary>The RE2 pattern <see cref="IsPlainName"/> accepts as a whole.</summary>
    public const string PlainNameRegex = @"[-0-9_a-z]+(?:\.[-0-9_a-z]+)*";

    /// <summary>An RE2 pattern that matches exactly the names <see cref="Matches"/> accepts case-sensitively.</summary>
    public string ToRegex()
    {
        var regex = new System.Text.StringBuilder(_pattern.Length + 16);
        foreach (var c in _pattern)
        {
            regex.Append(c switch
            {
                '*' => "[-._0-9a-z]*",
                '.' => @"\.",
                _ => c.ToString(),
            });
        }

        return regex.ToString();
    }

    /// <summary>What the regex <see cref="PlainNameRegex"/> accepts: dot-separated non-empty labels.</summary>
    public static bool IsPlainName(ReadOnlySpan<char> name)
    {
        if (name.Length == 0 || name[0] == '.' || name[^1] == '.')
        {
            return false;
        }

        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (!IsNameChar(c) || (c == '.' && name[i - 1] == '.'))
            {
                return false;
            }
        }

        return true;
    }

    private static char Fold(char c, bool ignoreCase) => ignoreCase && c is >= 'A' and <= 'Z' ? (char)(c + 32) : c;
}
