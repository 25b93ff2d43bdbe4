using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// FQDN patterns (cilium/cilium pkg/hubble/filters/patterns.go): case-insensitive, one trailing dot
/// ignored, "*" matches any run of [-.0-9a-z_], the whole name must match.
/// </summary>
internal sealed class FqdnPattern
{
    private readonly DnsGlob[] _globs;

    private FqdnPattern(DnsGlob[] globs) => _globs = globs;

    public static FqdnPattern Compile(RepeatedField<string> patterns) =>
        new([.. patterns.Select(p => DnsGlob.Parse(p, "FQDN"))]);

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

        if (name.Length == 0)
        {
            return false;
        }

        foreach (var glob in _globs)
        {
            if (glob.Matches(name, ignoreCase: true))
            {
                return true;
            }
        }

        return false;
    }
}
