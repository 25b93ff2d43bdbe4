namespace NetObs.History.Options;

/// <summary>What <c>netobs-history import</c> loads, and into which store.</summary>
public sealed record ImportOptions
{
    /// <summary>Where the flows go.</summary>
    public required StoreLocation Store { get; init; }

    /// <summary>Cluster for flows whose node name does not carry one (<c>cluster/node</c>).</summary>
    public string Cluster { get; init; } = RelayTarget.DefaultCluster;

    /// <summary>Captures and exporter files, in the order given.</summary>
    public required IReadOnlyList<string> Files { get; init; }
}
