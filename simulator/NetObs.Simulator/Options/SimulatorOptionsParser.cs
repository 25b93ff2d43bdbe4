using System.Globalization;
using System.Net;

namespace NetObs.Simulator.Options;

/// <summary>Turns the simulator's command line into <see cref="SimulatorOptions"/>, or explains what is wrong.</summary>
public static class SimulatorOptionsParser
{
    public const string Usage = """
        Usage: NetObs.Simulator [options]
               NetObs.Simulator export --out FILE [--duration 6h] ...   write past hours as a Hubble exporter file (export --help)
          --listen ADDR            gRPC address (default 127.0.0.1:4245; loopback only; port 0 picks a free port)
          --metrics-listen ADDR    Prometheus /metrics address (default 127.0.0.1:9965)
          --seed N                 seed of the deterministic scenarios (default 1)
          --scenario LIST          all|dns|drops|tcp|l7|background, comma-separated (default all)
          --nodes N                simulated nodes, each with its own ring buffer (default 3)
          --buffer N               ring-buffer capacity per node (default 4095)
          --rate FLOWS_PER_SECOND  flows generated per second over all nodes (default 100)
          --backfill DURATION      history generated at start, e.g. 15m (default 0)
          --cluster NAME           Cilium cluster name (default "default")
          --replay FILE            serve the flows of a `hubble observe -o jsonpb` file instead of scenarios
          --tls-cert FILE          server certificate (PEM); turns TLS on
          --tls-key FILE           server private key (PEM)
          --tls-client-ca FILE     CA bundle (PEM) that client certificates must chain to; turns mTLS on
        """;

    /// <summary>Returns null when the user asked for help.</summary>
    public static SimulatorOptions? Parse(IReadOnlyList<string> args)
    {
        var options = new SimulatorOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            var inlineValue = default(string);
            var equals = flag.IndexOf('=', StringComparison.Ordinal);
            if (flag.StartsWith("--", StringComparison.Ordinal) && equals > 0)
            {
                inlineValue = flag[(equals + 1)..];
                flag = flag[..equals];
            }

            if (flag is "--help" or "-h")
            {
                return null;
            }

            string Value()
            {
                if (inlineValue is not null)
                {
                    return inlineValue;
                }

                if (i + 1 >= args.Count || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                {
                    throw new OptionsException($"{flag} needs a value; see --help.");
                }

                return args[++i];
            }

            options = flag switch
            {
                "--listen" => options with { Listen = ParseEndpoint(flag, Value()) },
                "--metrics-listen" => options with { MetricsListen = ParseEndpoint(flag, Value()) },
                "--seed" => options with { Seed = ParseSeed(Value()) },
                "--scenario" or "--scenarios" => options with { Scenarios = ParseScenarios(Value()) },
                "--nodes" => options with { Nodes = ParseCount(flag, Value(), 1, 64, "--nodes 3") },
                "--buffer" => options with { BufferCapacity = ParseCount(flag, Value(), 1, 1 << 24, "--buffer 4095") },
                "--rate" => options with { Rate = ParseRate(Value()) },
                "--backfill" => options with { Backfill = ParseBackfill(Value()) },
                "--cluster" => options with { ClusterName = ParseClusterName(Value()) },
                "--replay" => options with { ReplayFile = ExistingFile(flag, Value()) },
                "--tls-cert" => options with { TlsCertFile = ExistingFile(flag, Value()) },
                "--tls-key" => options with { TlsKeyFile = ExistingFile(flag, Value()) },
                "--tls-client-ca" => options with { TlsClientCaFile = ExistingFile(flag, Value()) },
                _ => throw new OptionsException($"unknown option '{args[i]}'; see --help for the options the simulator takes."),
            };
        }

        if ((options.TlsCertFile is null) != (options.TlsKeyFile is null))
        {
            throw new OptionsException("--tls-cert and --tls-key go together: pass both PEM files to turn TLS on, or neither.");
        }

        if (options.TlsClientCaFile is not null && options.TlsCertFile is null)
        {
            throw new OptionsException("--tls-client-ca needs --tls-cert and --tls-key: mutual TLS runs on top of server TLS.");
        }

        if (options.Listen.Port != 0 && options.Listen.Port == options.MetricsListen.Port)
        {
            throw new OptionsException($"--listen and --metrics-listen both use port {options.Listen.Port}; give /metrics its own port, e.g. --metrics-listen 127.0.0.1:9965.");
        }

        return options;
    }

    private static IPEndPoint ParseEndpoint(string flag, string value)
    {
        var text = value.StartsWith("tcp://", StringComparison.Ordinal) ? value[6..] : value;
        var colon = text.LastIndexOf(':');
        if (colon < 0 || !int.TryParse(text.AsSpan(colon + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > 65535)
        {
            throw new OptionsException($"{flag} '{value}' is not HOST:PORT; write e.g. {flag} 127.0.0.1:4245.");
        }

        var host = text[..colon].Trim('[', ']');
        IPAddress address;
        if (host is "" or "localhost")
        {
            address = IPAddress.Loopback;
        }
        else if (!IPAddress.TryParse(host, out address!))
        {
            throw new OptionsException($"{flag} '{value}': '{host}' is not an IP address; write e.g. {flag} 127.0.0.1:{port}.");
        }

        if (!IPAddress.IsLoopback(address))
        {
            throw new OptionsException($"{flag} '{value}': the simulator only listens on loopback addresses; use 127.0.0.1:{port}.");
        }

        return new IPEndPoint(address, port);
    }

    private static ulong ParseSeed(string value) =>
        ulong.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seed)
            ? seed
            : throw new OptionsException($"--seed '{value}' is not a non-negative integer; write e.g. --seed 42.");

    private static ScenarioSet ParseScenarios(string value)
    {
        var set = ScenarioSet.None;
        foreach (var part in value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            set |= part.ToLowerInvariant() switch
            {
                "all" => ScenarioSet.All,
                "dns" => ScenarioSet.Dns,
                "drops" or "drop" => ScenarioSet.Drops,
                "tcp" => ScenarioSet.Tcp,
                "l7" => ScenarioSet.L7,
                "background" => ScenarioSet.Background,
                _ => throw new OptionsException($"--scenario: unknown scenario '{part}'; choose from all, dns, drops, tcp, l7, background (comma-separated)."),
            };
        }

        return set == ScenarioSet.None
            ? throw new OptionsException("--scenario is empty; choose from all, dns, drops, tcp, l7, background (comma-separated).")
            : set;
    }

    private static int ParseCount(string flag, string value, int min, int max, string example) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var count) && count >= min && count <= max
            ? count
            : throw new OptionsException($"{flag} '{value}' must be a whole number from {min} to {max}; write e.g. {example}.");

    private static double ParseRate(string value) =>
        double.TryParse(value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var rate) && rate > 0 && rate <= 10_000_000
            ? rate
            : throw new OptionsException($"--rate '{value}' must be a number of flows per second above 0; write e.g. --rate 500.");

    private static TimeSpan ParseBackfill(string value) =>
        DurationParser.TryParse(value, out var duration) && duration >= TimeSpan.Zero && duration <= TimeSpan.FromDays(7)
            ? duration
            : throw new OptionsException($"--backfill '{value}' is not a duration up to 168h; write e.g. --backfill 15m or --backfill 1h30m.");

    private static string ParseClusterName(string value) =>
        value.Length > 0 && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '.')
            ? value
            : throw new OptionsException($"--cluster '{value}' must be letters, digits, '-' or '.'; write e.g. --cluster aks-demo.");

    private static string ExistingFile(string flag, string value) =>
        File.Exists(value)
            ? value
            : throw new OptionsException($"{flag}: file '{value}' does not exist; pass the path of a readable file.");
}
