using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>FlowFilter.encrypted: encrypted, plain, or both (cilium/cilium pkg/hubble/filters/encrypted.go).</summary>
internal static class EncryptedField
{
    public static void Add(FlowFilter filter, CostedPredicates predicates)
    {
        if (filter.Encrypted.Count == 0)
        {
            return;
        }

        var wantEncrypted = filter.Encrypted.Contains(true);
        var wantPlain = filter.Encrypted.Contains(false);
        predicates.Add(flow => (flow.IP?.Encrypted ?? false) ? wantEncrypted : wantPlain);
    }
}
