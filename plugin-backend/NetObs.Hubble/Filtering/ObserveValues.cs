using System.Globalization;
using Cilium.Flow;

namespace NetObs.Hubble.Filtering;

/// <summary>
/// Names and numbers the CLI accepts as flag values (cilium/cilium pkg/monitor/api/types.go,
/// pkg/identity reserved identities), in both directions so the formatter can write them back.
/// </summary>
public static class ObserveValues
{
    /// <summary>Event type names of <c>--type</c> and their monitor numbers.</summary>
    public static IReadOnlyDictionary<string, int> EventTypes { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["drop"] = 1,
        ["debug"] = 2,
        ["capture"] = 3,
        ["trace"] = 4,
        ["policy-verdict"] = 5,
        ["trace-sock"] = 7,
        ["l7"] = 129,
        ["agent"] = 130,
    };

    /// <summary>Trace observation-point sub-type names (the datapath numbering, 0 = to-endpoint).</summary>
    public static IReadOnlyDictionary<string, int> TraceSubTypes { get; } = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["to-endpoint"] = 0,
        ["to-proxy"] = 1,
        ["to-host"] = 2,
        ["to-stack"] = 3,
        ["to-overlay"] = 4,
        ["from-endpoint"] = 5,
        ["from-proxy"] = 6,
        ["from-host"] = 7,
        ["from-stack"] = 8,
        ["from-overlay"] = 9,
        ["from-network"] = 10,
        ["to-network"] = 11,
        ["from-crypto"] = 12,
        ["to-crypto"] = 13,
    };

    /// <summary>Reserved security identities by name.</summary>
    public static IReadOnlyDictionary<string, uint> ReservedIdentities { get; } = new Dictionary<string, uint>(StringComparer.Ordinal)
    {
        ["host"] = 1,
        ["world"] = 2,
        ["unmanaged"] = 3,
        ["health"] = 4,
        ["init"] = 5,
        ["remote-node"] = 6,
        ["kube-apiserver"] = 7,
        ["ingress"] = 8,
        ["world-ipv4"] = 9,
        ["world-ipv6"] = 10,
    };

    /// <summary>Protocol names the server understands in FlowFilter.protocol.</summary>
    public static IReadOnlyList<string> Protocols { get; } = ["icmp", "icmpv4", "icmpv6", "tcp", "udp", "sctp", "vrrp", "igmp", "dns", "http", "kafka"];

    /// <summary>TCP flag names in the order the formatter writes them.</summary>
    public static IReadOnlyList<string> TcpFlagNames { get; } = ["SYN", "ACK", "FIN", "RST", "PSH", "URG", "ECE", "CWR", "NS"];

    internal static bool TryParseTcpFlags(string value, out TCPFlags flags, out string bad)
    {
        flags = new TCPFlags();
        bad = string.Empty;
        foreach (var part in value.Split(','))
        {
            switch (part.Trim().ToUpperInvariant())
            {
                case "SYN": flags.SYN = true; break;
                case "ACK": flags.ACK = true; break;
                case "FIN": flags.FIN = true; break;
                case "RST": flags.RST = true; break;
                case "PSH": flags.PSH = true; break;
                case "URG": flags.URG = true; break;
                case "ECE": flags.ECE = true; break;
                case "CWR": flags.CWR = true; break;
                case "NS": flags.NS = true; break;
                default:
                    bad = part;
                    return false;
            }
        }

        return true;
    }

    internal static string FormatTcpFlags(TCPFlags flags)
    {
        var names = new List<string>();
        if (flags.SYN)
        {
            names.Add("SYN");
        }

        if (flags.ACK)
        {
            names.Add("ACK");
        }

        if (flags.FIN)
        {
            names.Add("FIN");
        }

        if (flags.RST)
        {
            names.Add("RST");
        }

        if (flags.PSH)
        {
            names.Add("PSH");
        }

        if (flags.URG)
        {
            names.Add("URG");
        }

        if (flags.ECE)
        {
            names.Add("ECE");
        }

        if (flags.CWR)
        {
            names.Add("CWR");
        }

        if (flags.NS)
        {
            names.Add("NS");
        }

        return string.Join(',', names);
    }

    internal static Workload ParseWorkload(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        return slash < 0
            ? new Workload { Name = value }
            : new Workload { Kind = value[..slash], Name = value[(slash + 1)..] };
    }

    internal static string FormatWorkload(Workload workload) =>
        workload.Kind.Length == 0 ? workload.Name : $"{workload.Kind}/{workload.Name}";

    internal static bool TryParseIdentity(string value, out uint identity) =>
        ReservedIdentities.TryGetValue(value, out identity)
        || uint.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out identity);

    internal static string FormatIdentity(uint identity)
    {
        foreach (var (name, number) in ReservedIdentities)
        {
            if (number == identity)
            {
                return name;
            }
        }

        return identity.ToString(CultureInfo.InvariantCulture);
    }

    internal static string FormatEventType(EventTypeFilter filter)
    {
        var type = EventTypes.FirstOrDefault(kv => kv.Value == filter.Type).Key
            ?? filter.Type.ToString(CultureInfo.InvariantCulture);
        if (!filter.MatchSubType)
        {
            return type;
        }

        var sub = filter.Type == 4
            ? TraceSubTypes.FirstOrDefault(kv => kv.Value == filter.SubType).Key
            : null;
        return $"{type}:{sub ?? filter.SubType.ToString(CultureInfo.InvariantCulture)}";
    }
}
