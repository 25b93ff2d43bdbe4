using System.Collections.Frozen;
using System.Globalization;
using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;
using NetObs.Hubble.Filtering;
using NetObs.Hubble.FlowValues;

namespace NetObs.History.Aggregation;

/// <summary>
/// A group-by dimension over stored columns: the raw column expressions SQL groups by, and how those raw values
/// become the text <see cref="FlowDimensions"/> reads from a flow. Grouping raw values in SQL and formatting the
/// few groups in process with the shared FlowValues helpers keeps one definition of each dimension's text.
/// </summary>
internal sealed record StoredDimension(string Name, IReadOnlyList<string> Columns, Func<IReadOnlyList<object?>, string> Format)
{
    private static readonly FrozenDictionary<string, StoredDimension> ByName = new StoredDimension[]
    {
        new("verdict", ["verdict"], v => ProtoEnumNames.Of((Verdict)Int(v[0]))),
        new("drop_reason", ["verdict", "drop_reason"], v => Int(v[0]) == (int)Verdict.Dropped ? ProtoEnumNames.Of((DropReason)Int(v[1])) : string.Empty),
        // denied_by holds ingress_denied_by then egress_denied_by as namespace/name (FlowColumns.DeniedBy), as FlowText joins them.
        new("denied_by_policy", ["denied_by"], v => JoinedList(v[0])),
        new("source_namespace", ["source_namespace"], v => Text(v[0])),
        new("destination_namespace", ["destination_namespace"], v => Text(v[0])),
        new("source_pod", ["source_namespace", "source_pod"], v => FlowText.Namespaced(Text(v[0]), Text(v[1]))),
        new("destination_pod", ["destination_namespace", "destination_pod"], v => FlowText.Namespaced(Text(v[0]), Text(v[1]))),
        new("source_workload", ["source_namespace", "source_first_workload"], v => FlowText.Namespaced(Text(v[0]), Text(v[1]))),
        new("destination_workload", ["destination_namespace", "destination_first_workload"], v => FlowText.Namespaced(Text(v[0]), Text(v[1]))),
        new("source_ip", ["source_ip"], v => Text(v[0])),
        new("destination_ip", ["destination_ip"], v => Text(v[0])),
        new("destination_names", ["destination_names"], v => JoinedList(v[0])),
        new("source_identity", ["source_identity"], v => Number(v[0])),
        new("destination_identity", ["destination_identity"], v => Number(v[0])),
        // The node column, not the cluster column: a follower stores the relay's configured name there, while the
        // dimension and the --cluster filter read the cluster from the node name as Cilium writes it.
        new("cluster", ["node"], v => NodeClusterName.Of(Text(v[0]))),
        new("node", ["node"], v => Text(v[0])),
        new("protocol", ["l7_protocol", "l4_protocol"], v => ProtocolNames.Of(FlowColumnValues.L7Record(Int(v[0])), (Layer4.ProtocolOneofCase)Int(v[1]))),
        new("source_port", ["source_port"], v => Number(v[0])),
        new("destination_port", ["destination_port"], v => Number(v[0])),
        new("l7_type", ["l7_type"], v => Int(v[0]) == FlowColumnValues.NoL7 ? string.Empty : ProtoEnumNames.Of((L7FlowType)Int(v[0]))),
        new("dns_query", ["dns_query"], v => Text(v[0])),
        new("dns_rcode", ["l7_protocol", "l7_type", "dns_rcode"], v => Int(v[0]) == 1 && Int(v[1]) == (int)L7FlowType.Response ? DnsRcodeNames.Of(Int(v[2])) : string.Empty),
        new("dns_qtype", ["dns_qtypes"], v => JoinedList(v[0])),
        new("http_method", ["http_method"], v => Text(v[0])),
        new("http_status", ["l7_protocol", "http_code"], v => Int(v[0]) == 2 && Int(v[1]) > 0 ? Number(v[1]) : string.Empty),
        new("http_path", ["http_path"], v => Text(v[0])),
        new("kafka_topic", ["kafka_topic"], v => Text(v[0])),
        new("kafka_error_code", ["l7_protocol", "kafka_error_code"], v => Int(v[0]) == 3 ? Number(v[1]) : string.Empty),
        new("traffic_direction", ["traffic_direction"], v => ProtoEnumNames.Of((TrafficDirection)Int(v[0]))),
        new("tcp_flags", ["tcp_flags"], v => TcpFlagNames.Text((int)Int(v[0]))),
        new("is_reply", ["is_reply"], v => Int(v[0]) switch { 1 => "true", 0 => "false", _ => string.Empty }),
    }.ToFrozenDictionary(d => d.Name, StringComparer.Ordinal);

    public static bool TryGet(string name, out StoredDimension dimension) => ByName.TryGetValue(name, out dimension!);

    /// <summary>The dimensions of a query, or an error naming the unknown one.</summary>
    public static IReadOnlyList<StoredDimension> Resolve(IReadOnlyList<string> names)
    {
        var result = new StoredDimension[names.Count];
        for (var i = 0; i < names.Count; i++)
        {
            if (!TryGet(names[i], out result[i]))
            {
                throw new AggregationQueryException(
                    $"Unknown group-by dimension '{names[i]}'; use one of {string.Join(", ", FlowDimensions.All.Select(d => d.Name))}.");
            }
        }

        return result;
    }

    /// <summary>The SQL expression of a raw column reference.</summary>
    public static string Expression(string column, ISqlDialect dialect) => dialect.Identifier(column);

    private static string Text(object? value) => value as string ?? string.Empty;

    /// <summary>A list column grouped as a whole, comma-joined in stored order as the list-valued dimensions read it from a flow.</summary>
    private static string JoinedList(object? value) => value is IEnumerable<object?> list ? string.Join(',', list.Select(Text)) : string.Empty;

    private static long Int(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Number(object? value) => Int(value).ToString(CultureInfo.InvariantCulture);
}
