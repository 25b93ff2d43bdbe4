using System.Text;
using Cilium.Flow;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace NetObs.Query.Scanning;

/// <summary>What to ask the relay for: filters, time bounds, per-node number, and the Flow fields needed (null = all fields).</summary>
public sealed record FlowFetch(
    IReadOnlyList<FlowFilter> Allowlist,
    IReadOnlyList<FlowFilter> Denylist,
    DateTimeOffset? Since,
    DateTimeOffset? Until,
    ulong Number,
    bool First,
    IReadOnlySet<string>? MaskPaths)
{
    /// <summary>Identifies fetches that can share one relay stream: everything but the field mask, which is merged.</summary>
    public string ShareKey { get; } = BuildKey(Allowlist, Denylist, Since, Until, Number, First);

    public GetFlowsRequest ToRequest(IReadOnlySet<string>? maskPaths)
    {
        var request = new GetFlowsRequest { Number = Number, First = First };
        request.Whitelist.AddRange(Allowlist);
        request.Blacklist.AddRange(Denylist);
        if (Since is { } since)
        {
            request.Since = Timestamp.FromDateTimeOffset(since);
        }

        if (Until is { } until)
        {
            request.Until = Timestamp.FromDateTimeOffset(until);
        }

        if (maskPaths is not null)
        {
            // Relays of Cilium 1.16+ fill only these paths; older ones ignore field 10 and send whole flows.
            var mask = new FieldMask();
            mask.Paths.AddRange(maskPaths.Order(StringComparer.Ordinal));
            request.FieldMask = mask;
        }

        return request;
    }

    private static string BuildKey(IReadOnlyList<FlowFilter> allow, IReadOnlyList<FlowFilter> deny, DateTimeOffset? since, DateTimeOffset? until, ulong number, bool first)
    {
        var key = new StringBuilder();
        foreach (var filter in allow)
        {
            key.Append('+').Append(filter.ToByteString().ToBase64());
        }

        foreach (var filter in deny)
        {
            key.Append('-').Append(filter.ToByteString().ToBase64());
        }

        key.Append('|').Append(since?.ToUnixTimeMilliseconds()).Append('|').Append(until?.ToUnixTimeMilliseconds())
            .Append('|').Append(number).Append('|').Append(first);
        return key.ToString();
    }
}
