using System.Text;
using System.Text.RegularExpressions;
using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FQDN patterns (cilium/cilium pkg/hubble/filters/patterns.go): case-insensitive, one trailing dot
/// ignored, "*" matches any run of [-.0-9a-z_], the whole name must match.
/// </summary>
internal sealed class FqdnPattern
{
    private readonly Regex _regex;

    private FqdnPattern(Regex regex) => _regex = regex;

    public static FqdnPattern Compile(RepeatedField<string> patterns)
    {
        var builder = new StringBuilder(@"\A(?:");
        for (var i = 0; i < patterns.Count; i++)
        {
            if (i > 0)
            {
                builder.Append('|');
            }

            AppendPattern(builder, patterns[i], "FQDN");
        }

        builder.Append(@")\z");
        return new FqdnPattern(new Regex(builder.ToString(), RegexOptions.CultureInvariant | RegexOptions.IgnoreCase | RegexOptions.NonBacktracking));
    }

    public bool MatchesAny(RepeatedField<string> names)
    {
        for (var i = 0; i < names.Count; i++)
        {
            if (Matches(names[i]))
            {
                return true;
            }
        }

        return false;
    }

    public bool Matches(ReadOnlySpan<char> name)
    {
        if (name.EndsWith("."))
        {
            name = name[..^1];
        }

        return name.Length > 0 && _regex.IsMatch(name);
    }

    /// <summary>Appends the regex for one pattern; shared with node-name patterns.</summary>
    internal static void AppendPattern(StringBuilder builder, string pattern, string what)
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
            switch (c)
            {
                case '.':
                    builder.Append(@"\.");
                    break;
                case '*':
                    builder.Append("[-.0-9a-z_]*");
                    break;
                case '-' or '_' or (>= '0' and <= '9') or (>= 'a' and <= 'z'):
                    builder.Append(c);
                    break;
                default:
                    throw new InvalidFlowFilterException(
                        $"invalid {what} in filter: '{c}' is not allowed in pattern \"{pattern}\"; only letters, digits, '-', '_', '.' and '*' are");
            }
        }
    }
}
