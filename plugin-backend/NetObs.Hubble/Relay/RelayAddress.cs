namespace NetObs.Hubble.Relay;

/// <summary>
/// Turns the data source's relay address into the URI the gRPC channel dials. Failures are
/// <see cref="ArgumentException"/>s whose message is a sentence for the data source's user.
/// </summary>
internal static class RelayAddress
{
    public static (Uri Uri, bool Tls) Parse(string address, RelayTlsMode mode)
    {
        var text = address.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("relay address is empty; set the data source URL to host:port, e.g. hubble-relay.kube-system.svc:443");
        }

        var tls = mode != RelayTlsMode.Plaintext;
        if (text.StartsWith("tls://", StringComparison.OrdinalIgnoreCase))
        {
            text = text[6..];
            tls = true;
        }
        else if (text.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            text = text[8..];
            tls = true;
        }
        else if (text.StartsWith("http://", StringComparison.OrdinalIgnoreCase))
        {
            text = text[7..];
        }

        text = text.TrimEnd('/');

        // The port must be written: Uri calls 443 under https the default port, but it is a port the user gave.
        var colon = text.LastIndexOf(':');
        var hasPort = colon > text.LastIndexOf(']') && colon < text.Length - 1 && text[(colon + 1)..].All(char.IsAsciiDigit);
        if (!hasPort || !Uri.TryCreate($"{(tls ? "https" : "http")}://{text}", UriKind.Absolute, out var uri) || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"relay address '{address}' is not host:port; use e.g. localhost:4245 or tls://hubble-relay.kube-system.svc:443");
        }

        return (uri, tls);
    }
}
