using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>
/// The three facts of a flow that a service map groups by and that are not stored columns of their own: whether the
/// flow is an L7 error (HTTP status ≥ 400, a DNS response with a non-zero rcode, a Kafka error code), the service
/// port (the source port of a reply, the destination port otherwise) and the latency bucket
/// (<see cref="LatencyHistogram"/>): as SQL over the flows table, or as a rollup's column names.
/// </summary>
internal sealed record ServiceMapFacts(string L7Error, string ServicePort, string LatencyIndex)
{
    /// <summary>The facts computed from the flows table's columns.</summary>
    public static ServiceMapFacts OverFlows(ISqlDialect dialect)
    {
        ArgumentNullException.ThrowIfNull(dialect);
        string C(FlowColumn column) => dialect.Identifier(column.Name);
        var l7 = C(FlowColumns.L7Protocol);
        return new ServiceMapFacts(
            $"CASE WHEN ({l7} = 2 AND {C(FlowColumns.HttpCode)} >= 400) OR ({l7} = 1 AND {C(FlowColumns.L7Type)} = {(int)L7FlowType.Response} AND {C(FlowColumns.DnsRcode)} <> 0) OR ({l7} = 3 AND {C(FlowColumns.KafkaErrorCode)} <> 0) THEN 1 ELSE 0 END",
            $"CASE WHEN {C(FlowColumns.IsReply)} = 1 THEN {C(FlowColumns.SourcePort)} ELSE {C(FlowColumns.DestinationPort)} END",
            LatencyHistogram.IndexExpression(dialect, C(FlowColumns.LatencyNs)));
    }
}
