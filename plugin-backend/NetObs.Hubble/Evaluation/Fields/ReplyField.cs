using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.reply: replies, requests or both (cilium/cilium pkg/hubble/filters/reply.go).</summary>
internal static class ReplyField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Reply.Count == 0)
        {
            return;
        }

        var wantReply = filter.Reply.Contains(true);
        var wantRequest = filter.Reply.Contains(false);
        predicates.Add(flow => Matches(flow, wantReply, wantRequest));
    }

    private static bool Matches(Flow flow, bool wantReply, bool wantRequest)
    {
        // Drops carry no is_reply; the server counts them as requests so `reply: [false]` keeps them.
        if (flow.IsReply is { } isReply)
        {
            return isReply ? wantReply : wantRequest;
        }

        return flow.Verdict == Verdict.Dropped && wantRequest;
    }
}
