namespace NetObs.Hubble.Relay;

/// <summary>Turns the data source's relay address into the URI the gRPC channel dials.</summary>
internal static class RelayAddress
{
    public static (Uri Uri, bool Tls) Parse(string address, RelayTlsMode mode)
    {
        var text = address.Trim();
        if (text.Length == 0)
        {
            throw new ArgumentException("relay address is empty; set the data source URL to host:port, e.g. hubble-relay.kube-system.svc:443", nameof(address));
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
        if (!Uri.TryCreate($"{(tls ? "https" : "http")}://{text}", UriKind.Absolute, out var uri) || uri.IsDefaultPort || uri.AbsolutePath != "/")
        {
            throw new ArgumentException($"relay address '{address}' is not host:port; use e.g. localhost:4245 or tls://hubble-relay.kube-system.svc:443", nameof(address));
        }

        return (uri, tls);
    }
}
