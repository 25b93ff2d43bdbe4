namespace NetObs.Testing.Plugin;

/// <summary>The go-plugin handshake line `CORE|APP|NETWORK|ADDRESS|PROTOCOL[|CERT]` (grafana-plugin-protocol.md §1.4).</summary>
public sealed record PluginHandshake(int CoreVersion, int AppVersion, string Network, string Address, string Protocol)
{
    /// <summary>Parses the line as go-plugin's client does, rejecting what Grafana would reject, with the reason.</summary>
    public static PluginHandshake Parse(string line)
    {
        ArgumentNullException.ThrowIfNull(line);
        var parts = line.Trim().Split('|');
        if (parts.Length < 4)
        {
            throw new FormatException($"Unrecognized remote plugin message '{Excerpt(line)}': go-plugin expects at least 4 '|'-separated fields (CORE|APP|NETWORK|ADDRESS|PROTOCOL).");
        }

        if (parts[0] != "1")
        {
            throw new FormatException($"Handshake '{Excerpt(line)}': core protocol version '{parts[0]}' is not 1, so go-plugin would refuse it.");
        }

        if (parts[1] != "2")
        {
            throw new FormatException($"Handshake '{Excerpt(line)}': app protocol version '{parts[1]}' is not 2, the only version Grafana speaks.");
        }

        // go-plugin's client takes a missing fifth field as net/rpc.
        var protocol = parts.Length > 4 ? parts[4] : "netrpc";
        if (protocol != "grpc")
        {
            throw new FormatException($"Handshake '{Excerpt(line)}': protocol '{protocol}' is not grpc; Grafana refuses net/rpc plugins.");
        }

        if (parts[2] != "tcp" && parts[2] != "unix")
        {
            throw new FormatException($"Handshake '{Excerpt(line)}': network '{parts[2]}' is neither tcp nor unix.");
        }

        return new PluginHandshake(1, 2, parts[2], parts[3], protocol);
    }

    private static string Excerpt(string line) => line.Length > 120 ? line[..120] + "…" : line;
}
