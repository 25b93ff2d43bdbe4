using System.Net;

namespace NetObs.Simulator.Options;

/// <summary>Everything a simulator run is configured with; the command line maps onto it one to one.</summary>
public sealed record SimulatorOptions
{
    /// <summary>Hubble Relay's own default port is 4245 (hubble-api.md §5.1).</summary>
    public IPEndPoint Listen { get; init; } = new(IPAddress.Loopback, 4245);

    /// <summary>Hubble's metrics server listens on 9965 by default (hubble-api.md §6.1).</summary>
    public IPEndPoint MetricsListen { get; init; } = new(IPAddress.Loopback, 9965);

    public ulong Seed { get; init; } = 1;

    public ScenarioSet Scenarios { get; init; } = ScenarioSet.All;

    public int Nodes { get; init; } = 3;

    /// <summary>Per-node ring capacity; Hubble's default is 4095 (hubble-api.md §5.1).</summary>
    public int BufferCapacity { get; init; } = 4095;

    /// <summary>Flows per second over all nodes.</summary>
    public double Rate { get; init; } = 100;

    public TimeSpan Backfill { get; init; } = TimeSpan.Zero;

    public string? ReplayFile { get; init; }

    public string? TlsCertFile { get; init; }

    public string? TlsKeyFile { get; init; }

    public string? TlsClientCaFile { get; init; }

    /// <summary>Cilium's cluster name; `default` keeps node names unprefixed as Hubble does.</summary>
    public string ClusterName { get; init; } = "default";

    public bool TlsEnabled => TlsCertFile is not null;
}
