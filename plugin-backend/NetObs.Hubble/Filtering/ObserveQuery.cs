using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary>A parsed <c>hubble observe</c> argument string: the whitelist, the blacklist and the request options.</summary>
public sealed record ObserveQuery(
    IReadOnlyList<FlowFilter> Allowlist,
    IReadOnlyList<FlowFilter> Denylist,
    ObserveOptions Options)
{
    /// <summary>No filters and no options: every flow, default request.</summary>
    public static ObserveQuery Empty { get; } = new([], [], new ObserveOptions());
}
