using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// The request side of a parse: options, raw FlowFilters, and where the count options were typed, so that
/// conflicting ones (<c>--first</c> with <c>--last</c>) are reported at the flag.
/// </summary>
internal sealed class RequestOptionsBuilder
{
    public ObserveOptions Options { get; set; } = new();

    public List<FlowFilter> RawAllow { get; } = [];

    public List<FlowFilter> RawDeny { get; } = [];

    public ObserveToken? First { get; set; }

    public ObserveToken? Last { get; set; }

    public ObserveToken? All { get; set; }

    public ObserveToken? Follow { get; set; }

    /// <summary>The flag <c>--first</c> cannot be combined with, if one was typed.</summary>
    public string? ConflictWithFirst() =>
        Last is not null ? "--last" : All is not null ? "--all" : Follow is not null ? "--follow" : null;
}
