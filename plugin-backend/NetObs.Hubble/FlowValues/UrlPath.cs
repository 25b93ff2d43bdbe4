namespace NetObs.Hubble.FlowValues;

/// <summary>
/// Where the path of a URL lies, as Hubble's http_path filter sees it: after <c>scheme://host</c> when there is a
/// scheme, up to the first <c>?</c> or <c>#</c>. One implementation for URLs held as text (<see cref="FlowText.HttpPath"/>)
/// and as the UTF-8 bytes of a flow message (the history server stores columns without parsing the message): every
/// character it looks for is ASCII, which never occurs inside a multi-byte UTF-8 sequence, so both find the same path.
/// </summary>
public static class UrlPath
{
    /// <returns>The path's range in <paramref name="url"/>, or null when the URL ends at its host (whose path is "/").</returns>
    public static Range? Find<T>(ReadOnlySpan<T> url, T colon, T slash, T query, T fragment)
        where T : IEquatable<T>
    {
        var start = 0;
        ReadOnlySpan<T> schemeEnd = [colon, slash, slash];
        var scheme = url.IndexOf(schemeEnd);
        if (scheme >= 0)
        {
            var slashAfterHost = url[(scheme + 3)..].IndexOf(slash);
            if (slashAfterHost < 0)
            {
                return null;
            }

            start = scheme + 3 + slashAfterHost;
        }

        var end = url[start..].IndexOfAny(query, fragment);
        return end < 0 ? start..url.Length : start..(start + end);
    }
}
