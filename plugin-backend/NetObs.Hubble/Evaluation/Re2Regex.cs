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
}
