namespace NetObs.Hubble.Evaluation;

/// <summary>Finds the path of an absolute or relative URL without allocating, as Go's url.Parse would report it.</summary>
internal static class HttpUrlParts
{
    public static bool TryGetPath(string url, out ReadOnlySpan<char> path)
    {
        var span = url.AsSpan();
        var end = span.IndexOfAny('?', '#');
        if (end >= 0)
        {
            span = span[..end];
        }

        var scheme = span.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            var afterAuthority = span[(scheme + 3)..];
            var slash = afterAuthority.IndexOf('/');
            path = slash < 0 ? [] : afterAuthority[slash..];
            return true;
        }

        if (span.StartsWith("//"))
        {
            var authority = span[2..];
            var slash = authority.IndexOf('/');
            path = slash < 0 ? [] : authority[slash..];
            return true;
        }

        path = span;
        return true;
    }
}
