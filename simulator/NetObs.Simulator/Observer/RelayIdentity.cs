namespace NetObs.Simulator.Observer;

/// <summary>How the simulated relay and its peers describe themselves.</summary>
public sealed record RelayIdentity(string Version, string RelayNodeName)
{
    /// <summary>The version we report; the simulator follows the Cilium 1.17 API with the 1.19 protos.</summary>
    public static RelayIdentity Default { get; } = new("1.17.3+netobs-simulator", "hubble-relay");
}
