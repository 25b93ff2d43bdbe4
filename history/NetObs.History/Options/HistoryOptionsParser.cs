using System.Globalization;
using System.Net;

namespace NetObs.History.Options;

/// <summary>Turns the server's command line into <see cref="HistoryOptions"/>, or one exception listing every problem.</summary>
public static class HistoryOptionsParser
{
    public const string Usage = """
        Usage: netobs-history --relay [CLUSTER=]ADDRESS ... --store URI [--listen HOST:PORT] [--retention DURATION]
               netobs-history import --store URI [--cluster NAME] FILE...
          --relay [CLUSTER=]ADDRESS     a Hubble Relay to follow, repeatable; ADDRESS is host:port or tls://host:port,
                                        CLUSTER names its flows (default "default"), e.g. --relay aks-prod=tls://hubble-relay:443
          --store URI                   duckdb:PATH (default duckdb:netobs-history.duckdb) or clickhouse://HOST:PORT/DB
          --listen HOST:PORT            observer API address (default 127.0.0.1:4246; port 0 picks a free port)
          --retention DURATION          keep flows this long, e.g. 7d, 36h (default: keep everything)
          --buffer-flows N              flows that may wait for a slow store before the oldest are dropped into a gap (default 1000000)
          --tls                         use TLS for every relay (tls:// in an address turns it on for that relay)
          --tls-ca-cert-files FILE      PEM CA bundle that signs the relays' certificates (default: the system store)
          --tls-client-cert-file FILE   PEM client certificate for mutual TLS (tls.crt of hubble-relay-client-certs)
          --tls-client-key-file FILE    PEM key of the client certificate (tls.key)
          --tls-server-name NAME        name the relay certificate must carry, e.g. instance.hubble-relay.cilium.io
          --tls-allow-insecure          accept any relay certificate (port-forwards and tests only)
        """;

    /// <summary>Returns null when the user asked for help; throws <see cref="OptionsException"/> naming every problem.</summary>
    public static HistoryOptions? Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var problems = new List<string>();
        var relays = new List<RelayTarget>();
        string storeValue = StoreLocation.DefaultUri;
        var listen = new IPEndPoint(IPAddress.Loopback, HistoryOptions.DefaultPort);
        TimeSpan? retention = null;
        var bufferFlows = 1_000_000;
        bool tls = false, insecure = false;
        string? caFile = null, certFile = null, keyFile = null, serverName = null;

        var reader = new CommandLineReader(args, problems);
        while (reader.MoveNext())
        {
            switch (reader.Flag)
            {
                case "--help" or "-h":
                    return null;
                case "--relay":
                    if (reader.Value() is { } relay && ParseRelay(relay, problems) is { } target)
                    {
                        relays.Add(target);
                    }

                    break;
                case "--store":
                    storeValue = reader.Value() ?? storeValue;
                    break;
                case "--listen":
                    listen = reader.Value() is { } listenValue ? ParseListen(listenValue, problems) ?? listen : listen;
                    break;
                case "--retention":
                    retention = reader.Value() is { } retentionValue ? ParseRetention(retentionValue, problems) : null;
                    break;
                case "--buffer-flows":
                    if (reader.Value() is { } bufferValue)
                    {
                        if (int.TryParse(bufferValue, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= 1_000 && count <= 100_000_000)
                        {
                            bufferFlows = count;
                        }
                        else
                        {
                            problems.Add($"--buffer-flows '{bufferValue}' must be a whole number from 1000 to 100000000; write e.g. --buffer-flows 1000000.");
                        }
                    }

                    break;
                case "--tls":
                    tls = true;
                    break;
                case "--tls-allow-insecure":
                    insecure = true;
                    break;
                case "--tls-ca-cert-files" or "--tls-ca-cert":
                    caFile = reader.Value();
                    break;
                case "--tls-client-cert-file":
                    certFile = reader.Value();
                    break;
                case "--tls-client-key-file":
                    keyFile = reader.Value();
                    break;
                case "--tls-server-name":
                    serverName = reader.Value();
                    break;
                default:
                    problems.Add($"unknown option '{reader.Argument}'; see --help for the options netobs-history takes.");
                    break;
            }
        }

        var store = StoreLocationParser.Parse(storeValue, problems);
        var duplicates = relays.GroupBy(r => r.Cluster, StringComparer.Ordinal).Where(g => g.Count() > 1).Select(g => g.Key).ToList();
        foreach (var cluster in duplicates)
        {
            problems.Add($"--relay: cluster '{cluster}' is named more than once; give each relay its own cluster, e.g. --relay prod=… --relay staging=….");
        }

        var ca = caFile is null ? null : TlsMaterialLoader.LoadCaBundle("--tls-ca-cert-files", caFile, problems);
        var (certificate, key) = TlsMaterialLoader.LoadClientPair(certFile, keyFile, problems);
        if (problems.Count > 0)
        {
            throw new OptionsException(string.Join(Environment.NewLine, problems));
        }

        return new HistoryOptions
        {
            Relays = relays,
            Store = store!,
            Listen = listen,
            Retention = retention,
            BufferFlows = bufferFlows,
            Tls = new RelayTlsFiles
            {
                Enabled = tls || certificate is not null,
                CaCertificatePem = ca,
                ClientCertificatePem = certificate,
                ClientKeyPem = key,
                ServerName = serverName,
                AllowInsecure = insecure,
            },
        };
    }

    /// <summary><c>[CLUSTER=]ADDRESS</c>; the cluster is the part before '=' when that part holds no ':' or '/'.</summary>
    internal static RelayTarget? ParseRelay(string value, ICollection<string> problems)
    {
        var cluster = RelayTarget.DefaultCluster;
        var address = value.Trim();
        var equals = address.IndexOf('=', StringComparison.Ordinal);
        if (equals >= 0 && address.AsSpan(0, equals).IndexOfAny(':', '/') < 0)
        {
            cluster = address[..equals];
            address = address[(equals + 1)..];
            if (cluster.Length == 0 || !cluster.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.' or '_'))
            {
                problems.Add($"--relay '{value}': cluster '{cluster}' must be letters, digits, '-', '_' or '.'; write e.g. --relay aks-prod=tls://hubble-relay:443.");
                return null;
            }
        }

        var hostPort = address;
        foreach (var scheme in (string[])["tls://", "https://", "http://"])
        {
            if (hostPort.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
            {
                hostPort = hostPort[scheme.Length..];
                break;
            }
        }

        hostPort = hostPort.TrimEnd('/');
        var colon = hostPort.LastIndexOf(':');
        if (colon <= 0 || colon == hostPort.Length - 1 || !hostPort[(colon + 1)..].All(char.IsAsciiDigit) || hostPort.Contains('/', StringComparison.Ordinal))
        {
            problems.Add($"--relay '{value}': '{address}' is not host:port; write e.g. --relay localhost:4245 or --relay aks-prod=tls://hubble-relay.kube-system.svc:443.");
            return null;
        }

        return new RelayTarget(cluster, address);
    }

    private static IPEndPoint? ParseListen(string value, ICollection<string> problems)
    {
        var colon = value.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(value.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            problems.Add($"--listen '{value}' is not HOST:PORT; write e.g. --listen 127.0.0.1:{HistoryOptions.DefaultPort}.");
            return null;
        }

        var host = value[..colon].Trim('[', ']');
        if (host is "" or "localhost")
        {
            return new IPEndPoint(IPAddress.Loopback, port);
        }

        if (!IPAddress.TryParse(host, out var address))
        {
            problems.Add($"--listen '{value}': '{host}' is not an IP address; write e.g. --listen 127.0.0.1:{port} (or 0.0.0.0:{port} to serve other hosts).");
            return null;
        }

        return new IPEndPoint(address, port);
    }

    private static TimeSpan? ParseRetention(string value, ICollection<string> problems)
    {
        if (RetentionParser.TryParse(value, out var retention) && retention >= TimeSpan.FromHours(1) && retention <= TimeSpan.FromDays(3650))
        {
            return retention;
        }

        problems.Add($"--retention '{value}' is not a duration from 1h to 3650d; write e.g. --retention 7d or --retention 36h (units w, d, h, m, s).");
        return null;
    }
}
