using Cilium.Flow;

namespace NetObs.Hubble.Evaluation;

/// <summary>
/// Turns one FlowFilter into predicates, one per set field, following cilium/cilium pkg/hubble/filters (v1.19):
/// fields AND together, values inside a field OR. Each field's semantics live in one file under <c>Fields/</c>,
/// named as cilium names its file for the field (see Fields/README.md).
/// </summary>
internal static class FlowFilterCompiler
{
    // Kept in this order: when a filter has several invalid fields, the first one's error is the one reported.
    private static readonly Action<FlowFilter, CostedPredicates>[] Fields =
    [
        UuidField.Add,
        IpFields.AddSource,
        IpFields.AddSourceXlated,
        IpFields.AddDestination,
        PodAndServiceFields.Add,
        FqdnFields.AddNames,
        LabelFields.Add,
        WorkloadFields.Add,
        ClusterNameFields.Add,
        IdentityFields.Add,
        TrafficDirectionField.Add,
        VerdictField.Add,
        DropReasonField.Add,
        InterfaceField.Add,
        EventTypeField.Add,
        HttpFields.Add,
        ProtocolField.Add,
        PortFields.Add,
        ReplyField.Add,
        FqdnFields.AddDnsQuery,
        TcpFlagsField.Add,
        NodeNameField.Add,
        IpFields.AddVersion,
        TraceIdField.Add,
        IpTraceIdField.Add,
        EncryptedField.Add,
        CelExpressionField.Add,
    ];

    public static FlowPredicate[] Compile(FlowFilter filter)
    {
        ArgumentNullException.ThrowIfNull(filter);
        var predicates = new CostedPredicates();
        foreach (var field in Fields)
        {
            field(filter, predicates);
        }

        return predicates.ToArray();
    }
}
