namespace NetObs.History.Storage.Wire;

/// <summary>
/// The path part of an HTTP URL's UTF-8 bytes, as <see cref="NetObs.Hubble.FlowValues.FlowText.HttpPath"/> takes it
/// from the string: after <c>scheme://host</c> when there is a scheme ("/" when the URL ends at the host), up to the
/// first <c>?</c> or <c>#</c>. Every character it looks for is ASCII, which never occurs inside a multi-byte UTF-8
/// sequence, so the bytes give the same path as the string.
/// </summary>
internal static class HttpPath
{
    public static ReadOnlySpan<byte> Of(ReadOnlySpan<byte> url)
    {
        if (url.IsEmpty)
        {
            return url;
        }

        var start = 0;
        var scheme = url.IndexOf("://"u8);
        if (scheme >= 0)
        {
            var slash = url[(scheme + 3)..].IndexOf((byte)'/');
            if (slash < 0)
            {
                return "/"u8;
            }

            start = scheme + 3 + slash;
        }

        var path = url[start..];
        var end = path.IndexOfAny((byte)'?', (byte)'#');
        return end < 0 ? path : path[..end];
    }
}
