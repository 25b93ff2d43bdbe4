namespace NetObs.History.Options;

/// <summary>One relay to follow: the cluster its flows are stored under and its address (<c>host:port</c> or <c>tls://host:port</c>).</summary>
public sealed record RelayTarget(string Cluster, string Address)
{
    /// <summary>Cilium's own name for a cluster that was not given one.</summary>
    public const string DefaultCluster = "default";

    /// <summary>How the relay is written on the command line and in the listening line.</summary>
    public override string ToString() => $"{Cluster}={Address}";
}
