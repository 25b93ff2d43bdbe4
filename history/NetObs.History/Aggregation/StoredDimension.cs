using System.Collections.Frozen;
using System.Globalization;
using Cilium.Flow;
using NetObs.History.Sql;
using NetObs.History.Storage;

namespace NetObs.History.Aggregation;

/// <summary>
/// A group-by dimension over stored columns: the raw column expressions SQL groups by, and how those raw values
/// become the text NetObs.Query's FlowDimensions reads from a flow. Grouping raw values in SQL and formatting the
/// few groups in process keeps one definition of each dimension's text.
/// </summary>
internal sealed record StoredDimension(string Name, IReadOnlyList<string> Columns, Func<IReadOnlyList<object?>, string> Format)
{
    private static readonly FrozenDictionary<int, string> VerdictNames = EnumNames<Verdict>();
    private static readonly FrozenDictionary<int, string> DropReasonNames = EnumNames<DropReason>();
    private static readonly FrozenDictionary<int, string> DirectionNames = EnumNames<TrafficDirection>();
    private static readonly FrozenDictionary<int, string> L7TypeNames = EnumNames<L7FlowType>();

    private static readonly FrozenDictionary<string, StoredDimension> ByName = new StoredDimension[]
    {
        new("verdict", ["verdict"], v => EnumName(VerdictNames, v[0])),
        new("drop_reason", ["verdict", "drop_reason"], v => Int(v[0]) == (int)Verdict.Dropped ? EnumName(DropReasonNames, v[1]) : string.Empty),
        new("source_namespace", ["source_namespace"], v => Text(v[0])),
        new("destination_namespace", ["destination_namespace"], v => Text(v[0])),
        new("source_pod", ["source_namespace", "source_pod"], v => Namespaced(Text(v[0]), Text(v[1]))),
        new("destination_pod", ["destination_namespace", "destination_pod"], v => Namespaced(Text(v[0]), Text(v[1]))),
        new("source_workload", ["source_namespace", "first:source_workloads"], v => Namespaced(Text(v[0]), Text(v[1]))),
        new("destination_workload", ["destination_namespace", "first:destination_workloads"], v => Namespaced(Text(v[0]), Text(v[1]))),
        new("source_ip", ["source_ip"], v => Text(v[0])),
        new("destination_ip", ["destination_ip"], v => Text(v[0])),
        new("source_identity", ["source_identity"], v => Number(v[0])),
        new("destination_identity", ["destination_identity"], v => Number(v[0])),
        new("node", ["node"], v => Text(v[0])),
        new("protocol", ["l7_protocol", "l4_protocol"], v => Protocol((int)Int(v[0]), (int)Int(v[1]))),
        new("source_port", ["source_port"], v => Number(v[0])),
        new("destination_port", ["destination_port"], v => Number(v[0])),
        new("l7_type", ["l7_type"], v => Int(v[0]) == FlowColumnValues.NoL7 ? string.Empty : EnumName(L7TypeNames, v[0])),
        new("dns_query", ["dns_query"], v => Text(v[0])),
        new("dns_rcode", ["l7_protocol", "l7_type", "dns_rcode"], v => Int(v[0]) == 1 && Int(v[1]) == (int)L7FlowType.Response ? Rcode((int)Int(v[2])) : string.Empty),
        new("dns_qtype", ["dns_qtypes"], v => v[0] is IEnumerable<object?> list ? string.Join(',', list.Select(Text)) : string.Empty),
        new("http_method", ["http_method"], v => Text(v[0])),
        new("http_status", ["l7_protocol", "http_code"], v => Int(v[0]) == 2 && Int(v[1]) > 0 ? Number(v[1]) : string.Empty),
        new("http_path", ["http_path"], v => Text(v[0])),
        new("kafka_topic", ["kafka_topic"], v => Text(v[0])),
        new("kafka_error_code", ["l7_protocol", "kafka_error_code"], v => Int(v[0]) == 3 ? Number(v[1]) : string.Empty),
        new("traffic_direction", ["traffic_direction"], v => EnumName(DirectionNames, v[0])),
        new("tcp_flags", ["tcp_flags"], v => TcpFlags((int)Int(v[0]))),
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
                throw new ArgumentException(
                    $"Unknown group-by dimension '{names[i]}'; use one of {string.Join(", ", FlowDimensionNames.All)}.", nameof(names));
            }
        }

        return result;
    }

    /// <summary>The SQL expression of a raw column reference ("first:" takes a list's first element).</summary>
    public static string Expression(string column, ISqlDialect dialect) =>
        column.StartsWith("first:", StringComparison.Ordinal)
            ? dialect.FirstOrEmpty(dialect.Identifier(column["first:".Length..]))
            : dialect.Identifier(column);

    private static string Namespaced(string ns, string name) =>
        name.Length == 0 ? string.Empty : ns.Length == 0 ? name : string.Concat(ns, "/", name);

    private static string Protocol(int l7, int l4) => l7 switch
    {
        1 => "DNS",
        2 => "HTTP",
        3 => "Kafka",
        _ => (Layer4.ProtocolOneofCase)l4 switch
        {
            Layer4.ProtocolOneofCase.TCP => "TCP",
            Layer4.ProtocolOneofCase.UDP => "UDP",
            Layer4.ProtocolOneofCase.ICMPv4 => "ICMPv4",
            Layer4.ProtocolOneofCase.ICMPv6 => "ICMPv6",
            Layer4.ProtocolOneofCase.SCTP => "SCTP",
            Layer4.ProtocolOneofCase.VRRP => "VRRP",
            Layer4.ProtocolOneofCase.IGMP => "IGMP",
            _ => string.Empty,
        },
    };

    // RFC 1035/6895 mnemonics, as the plugin names DNS response codes.
    private static string Rcode(int rcode) => rcode switch
    {
        0 => "NOERROR",
        1 => "FORMERR",
        2 => "SERVFAIL",
        3 => "NXDOMAIN",
        4 => "NOTIMP",
        5 => "REFUSED",
        6 => "YXDOMAIN",
        7 => "YXRRSET",
        8 => "NXRRSET",
        9 => "NOTAUTH",
        10 => "NOTZONE",
        _ => rcode.ToString(CultureInfo.InvariantCulture),
    };

    // Hubble prints flags in this order (hubble-api.md §2.5); bits as FlowColumnValues.TcpFlags stores them.
    private static readonly (int Bit, string Name)[] FlagOrder =
        [(2, "SYN"), (16, "ACK"), (4, "RST"), (1, "FIN"), (8, "PSH"), (32, "URG"), (64, "ECE"), (128, "CWR"), (256, "NS")];

    private static string TcpFlags(int bits)
    {
        if (bits <= 0)
        {
            return string.Empty;
        }

        return string.Join(',', FlagOrder.Where(f => (bits & f.Bit) != 0).Select(f => f.Name));
    }

    private static string Text(object? value) => value as string ?? string.Empty;

    private static long Int(object? value) => value is null ? 0 : Convert.ToInt64(value, CultureInfo.InvariantCulture);

    private static string Number(object? value) => Int(value).ToString(CultureInfo.InvariantCulture);

    private static string EnumName(FrozenDictionary<int, string> names, object? value)
    {
        var number = (int)Int(value);
        return names.TryGetValue(number, out var name) ? name : number.ToString(CultureInfo.InvariantCulture);
    }

    private static FrozenDictionary<int, string> EnumNames<TEnum>()
        where TEnum : struct, Enum
    {
        var descriptor = FlowReflection.Descriptor.EnumTypes.Single(e => e.ClrType == typeof(TEnum));
        return descriptor.Values.ToFrozenDictionary(v => v.Number, v => v.Name);
    }
}
