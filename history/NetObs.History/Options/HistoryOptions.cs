using System.Net;

namespace NetObs.History.Options;

/// <summary>What <c>netobs-history</c> serves: the relays it follows, the store, the listen address and the retention.</summary>
public sealed record HistoryOptions
{
    /// <summary>Port of the history server's observer API, one above the relay's 4245.</summary>
    public const int DefaultPort = 4246;

    /// <summary>The relays to follow, each with its cluster; none is allowed (the server then only serves what is stored).</summary>
    public IReadOnlyList<RelayTarget> Relays { get; init; } = [];

    /// <summary>Where flows are kept.</summary>
    public required StoreLocation Store { get; init; }

    /// <summary>The gRPC listen address; loopback by default.</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, DefaultPort);

    /// <summary>How long flows are kept; null keeps them until removed by hand.</summary>
    public TimeSpan? Retention { get; init; }

    /// <summary>TLS towards the relays.</summary>
    public RelayTlsFiles Tls { get; init; } = new();

    /// <summary>How many flows may wait for the store before the oldest waiting batch is dropped into a gap.</summary>
    public int BufferFlows { get; init; } = 1_000_000;
}
