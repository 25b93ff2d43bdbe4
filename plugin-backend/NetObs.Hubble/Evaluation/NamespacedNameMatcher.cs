using Google.Protobuf.Collections;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Pod and service filters of the form <c>[namespace/]namePrefix</c>: no slash means namespace
/// "default"; an empty namespace before the slash means any namespace; an empty name matches the
/// whole namespace. Endpoints without namespace and name never match.
/// </summary>
internal sealed class NamespacedNameMatcher
{
    private readonly (string? Namespace, string Prefix)[] _filters;

    private NamespacedNameMatcher((string?, string)[] filters) => _filters = filters;

    public static NamespacedNameMatcher Compile(RepeatedField<string> values, string what)
    {
        var filters = new (string?, string)[values.Count];
        for (var i = 0; i < values.Count; i++)
        {
            var value = values[i];
            if (value.Length == 0)
            {
                throw new InvalidFlowFilterException(
                    $"invalid {what} filter: invalid filter, must be [namespace/][<name>], got \"\"");
            }

            var slash = value.IndexOf('/', StringComparison.Ordinal);
            filters[i] = slash < 0
                ? ("default", value)
                : (slash == 0 ? null : value[..slash], value[(slash + 1)..]);
        }

        return new NamespacedNameMatcher(filters);
    }

    public bool Matches(string ns, string name)
    {
        if (ns.Length == 0 && name.Length == 0)
        {
            return false;
        }

        foreach (var (filterNs, prefix) in _filters)
        {
            if ((filterNs is null || filterNs == ns) && name.StartsWith(prefix, StringComparison.Ordinal))
            {
                return true;
            }
        }

        return false;
    }
}
