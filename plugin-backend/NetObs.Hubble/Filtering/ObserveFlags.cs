using System.Collections.Frozen;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Every flag the filter language accepts: the selector and filter flags of <c>hubble observe</c>
/// (cilium/cilium hubble/cmd/observe, v1.19) plus our <c>--dns</c>/<c>--http</c>/<c>--kafka</c> shorthands.
/// Each family of flags, with what applying one does, lives in its own file under <c>Flags/</c>.
/// </summary>
public static class ObserveFlags
{
    /// <summary>The flag definitions, family by family, in documentation order.</summary>
    internal static IReadOnlyList<ObserveFlagDefinition> Definitions { get; } =
    [
        NegationFlag.Not,
        .. EndpointFlags.All,
        .. LabelFlags.All,
        .. IdentityFlags.All,
        .. ClusterFlags.All,
        .. IpFlags.All,
        .. DnsFlags.All,
        .. PortFlags.All,
        .. ProtocolFlags.All,
        .. HttpFlags.All,
        .. VerdictFlags.All,
        .. EventFlags.All,
        .. NodeFlags.All,
        .. IdentifierFlags.All,
        .. DatapathFlags.All,
        .. RawFilterFlags.All,
        .. RequestOptionFlags.All,
    ];

    private static readonly FrozenDictionary<string, ObserveFlagDefinition> ByName =
        Definitions.ToFrozenDictionary(d => d.Flag.Name, StringComparer.Ordinal);

    private static readonly FrozenDictionary<char, ObserveFlagDefinition> ByShort =
        Definitions.Where(d => d.Flag.Short is not null).ToFrozenDictionary(d => d.Flag.Short!.Value);

    /// <summary>All flags in documentation order.</summary>
    public static IReadOnlyList<ObserveFlag> All { get; } = [.. Definitions.Select(d => d.Flag)];

    /// <summary>Finds a flag by its long name.</summary>
    public static ObserveFlag? Find(string name) => FindDefinition(name)?.Flag;

    /// <summary>Finds a flag by its one-letter short name.</summary>
    public static ObserveFlag? FindShort(char name) => FindShortDefinition(name)?.Flag;

    internal static ObserveFlagDefinition? FindDefinition(string name) => ByName.GetValueOrDefault(name);

    internal static ObserveFlagDefinition? FindShortDefinition(char name) => ByShort.GetValueOrDefault(name);
}
