using Cilium.Flow;

namespace NetObs.Query.Model;

/// <summary>A `hubble observe` filter string turned into the relay's allow/deny lists, its selector options and its canonical spelling.</summary>
public sealed record CompiledFilter(
    string Text,
    string Canonical,
    IReadOnlyList<FlowFilter> Allowlist,
    IReadOnlyList<FlowFilter> Denylist,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    ulong? Last,
    ulong? First,
    bool Follow)
{
    /// <summary>The filter of an empty string: every flow.</summary>
    public static CompiledFilter Everything { get; } = new(string.Empty, string.Empty, [], [], null, null, null, null, false);
}
