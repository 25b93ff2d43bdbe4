using Cilium.Flow;
using Cilium.Observer;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Hubble's server-side filter semantics: a flow passes when any allowlist filter matches (or the
/// allowlist is empty) and no denylist filter matches. Compile once, then call <see cref="Matches(Flow)"/>
/// per flow; matching allocates nothing.
/// </summary>
public sealed class FlowFilterEvaluator
{
    private readonly FlowPredicate[][] _allow;
    private readonly FlowPredicate[][] _deny;

    private FlowFilterEvaluator(FlowPredicate[][] allow, FlowPredicate[][] deny)
    {
        _allow = allow;
        _deny = deny;
    }

    /// <summary>An evaluator that passes every flow.</summary>
    public static FlowFilterEvaluator MatchAll { get; } = new([], []);

    /// <summary>Compiles allow and deny lists; throws <see cref="InvalidFlowFilterException"/> as the server would.</summary>
    public static FlowFilterEvaluator Compile(IReadOnlyList<FlowFilter> allowlist, IReadOnlyList<FlowFilter> denylist)
    {
        ArgumentNullException.ThrowIfNull(allowlist);
        ArgumentNullException.ThrowIfNull(denylist);
        return new FlowFilterEvaluator(CompileList(allowlist), CompileList(denylist));
    }

    /// <summary>Compiles the whitelist and blacklist of a GetFlows request.</summary>
    public static FlowFilterEvaluator Compile(GetFlowsRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return Compile(request.Whitelist, request.Blacklist);
    }

    /// <summary>True when the allowlist is empty and the denylist is empty, so every flow passes.</summary>
    public bool IsMatchAll => _allow.Length == 0 && _deny.Length == 0;

    /// <summary>Whether the flow is in the result set: allowlist matches one, denylist matches none.</summary>
    public bool Matches(Flow flow)
    {
        ArgumentNullException.ThrowIfNull(flow);
        if (_allow.Length > 0 && !MatchesAny(_allow, flow))
        {
            return false;
        }

        return _deny.Length == 0 || !MatchesAny(_deny, flow);
    }

    /// <summary>
    /// Response-level check as the server applies it: lost events and node-status messages bypass
    /// the filters, flows are matched.
    /// </summary>
    public bool Matches(GetFlowsResponse response)
    {
        ArgumentNullException.ThrowIfNull(response);
        return response.ResponseTypesCase != GetFlowsResponse.ResponseTypesOneofCase.Flow || Matches(response.Flow);
    }

    private static bool MatchesAny(FlowPredicate[][] filters, Flow flow)
    {
        foreach (var predicates in filters)
        {
            if (MatchesAll(predicates, flow))
            {
                return true;
            }
        }

        return false;
    }

    private static bool MatchesAll(FlowPredicate[] predicates, Flow flow)
    {
        foreach (var predicate in predicates)
        {
            if (!predicate(flow))
            {
                return false;
            }
        }

        return true;
    }

    private static FlowPredicate[][] CompileList(IReadOnlyList<FlowFilter> filters)
    {
        var compiled = new FlowPredicate[filters.Count][];
        for (var i = 0; i < filters.Count; i++)
        {
            compiled[i] = FlowFilterCompiler.Compile(filters[i]);
        }

        return compiled;
    }
}
