using System.Text.RegularExpressions;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Compiles the RE2 patterns Hubble accepts. The non-backtracking engine keeps RE2's linear-time
/// guarantee and, like RE2, has no backreferences or lookarounds.
/// </summary>
internal static class Re2Regex
{
    public static Regex Compile(string pattern, string context)
    {
        try
        {
            return new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.NonBacktracking);
        }
        catch (ArgumentException e)
        {
            throw new InvalidFlowFilterException($"{context}: failed to compile regexp \"{pattern}\": {e.Message}", e);
        }
        catch (NotSupportedException e)
        {
            throw new InvalidFlowFilterException($"{context}: failed to compile regexp \"{pattern}\": {e.Message}", e);
        }
    }

    /// <summary>Compiles each of a field's patterns; the field matches when any of them does.</summary>
    public static Regex[] CompileAll(IReadOnlyList<string> patterns, string context)
    {
        var result = new Regex[patterns.Count];
        for (var i = 0; i < patterns.Count; i++)
        {
            result[i] = Compile(patterns[i], context);
        }

        return result;
    }

    public static bool AnyMatch(Regex[] patterns, ReadOnlySpan<char> value)
    {
        foreach (var pattern in patterns)
        {
            if (pattern.IsMatch(value))
            {
                return true;
            }
        }

        return false;
    }
}
