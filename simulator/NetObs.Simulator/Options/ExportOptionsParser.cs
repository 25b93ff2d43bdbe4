namespace NetObs.Simulator.Options;

/// <summary>Turns `NetObs.Simulator export …` into <see cref="ExportOptions"/>, or explains what is wrong.</summary>
public static class ExportOptionsParser
{
    public const string Usage = """
        Usage: NetObs.Simulator export --out FILE [--duration DURATION] [--incident-at DURATION] [--incident-for DURATION]
                                       [--seed N] [--scenario LIST] [--nodes N] [--rate FLOWS_PER_SECOND] [--cluster NAME]
          Writes the scenarios' flows of the past DURATION (ending now) as a Hubble exporter file, one JSON ExportEvent
          per line (what `netobs-history import` reads), and exits.
          --out FILE               the file to write; a name ending in .gz is gzip-compressed
          --duration DURATION      how far back the history reaches (default 6h, at most 168h)
          --incident-at DURATION   when, before now, policy pets/product-service-ingress starts denying
                                   pets/store-admin → pets/product-service (default 4h)
          --incident-for DURATION  how long it denies before it is rolled back (default 20m)
          --seed, --scenario, --nodes, --rate, --cluster   as for a simulator run (see --help)
        """;

    private static readonly HashSet<string> ScenarioFlags = new(StringComparer.Ordinal) { "--seed", "--scenario", "--scenarios", "--nodes", "--rate", "--cluster" };

    /// <summary>Parses the arguments after <c>export</c>; null when the user asked for help.</summary>
    public static ExportOptions? Parse(IReadOnlyList<string> args)
    {
        string? output = null;
        TimeSpan duration = TimeSpan.FromHours(6), incidentAgo = TimeSpan.FromHours(4), incidentLength = TimeSpan.FromMinutes(20);
        var scenarioArgs = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var flag = args[i];
            string Value() => i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal)
                ? args[++i]
                : throw new OptionsException($"{flag} needs a value; see export --help.");

            switch (flag)
            {
                case "--help" or "-h":
                    return null;
                case "--out":
                    output = Value();
                    break;
                case "--duration":
                    duration = Duration(flag, Value(), TimeSpan.FromDays(7));
                    break;
                case "--incident-at":
                    incidentAgo = Duration(flag, Value(), TimeSpan.FromDays(7));
                    break;
                case "--incident-for":
                    incidentLength = Duration(flag, Value(), TimeSpan.FromDays(1));
                    break;
                case var scenarioFlag when ScenarioFlags.Contains(scenarioFlag):
                    scenarioArgs.Add(scenarioFlag);
                    scenarioArgs.Add(Value());
                    break;
                default:
                    throw new OptionsException($"export: unknown option '{flag}'; it takes --out, --duration, --incident-at, --incident-for, --seed, --scenario, --nodes, --rate and --cluster.");
            }
        }

        if (output is null)
        {
            throw new OptionsException("export needs --out FILE, the exporter file to write; e.g. export --out history.jsonl --duration 6h.");
        }

        if (incidentAgo > duration)
        {
            throw new OptionsException($"--incident-at {DurationText(incidentAgo)} is before the export's start ({DurationText(duration)} ago); choose a value up to --duration.");
        }

        return new ExportOptions
        {
            OutputFile = output,
            Duration = duration,
            Scenarios = SimulatorOptionsParser.Parse(scenarioArgs)!,
            IncidentAgo = incidentAgo,
            IncidentLength = incidentLength,
        };
    }

    private static TimeSpan Duration(string flag, string value, TimeSpan max) =>
        DurationParser.TryParse(value, out var duration) && duration > TimeSpan.Zero && duration <= max
            ? duration
            : throw new OptionsException($"{flag} '{value}' is not a duration above 0 and up to {max.TotalHours:0}h; write e.g. {flag} 6h or {flag} 20m.");

    private static string DurationText(TimeSpan duration) => duration.TotalMinutes % 60 == 0 ? $"{duration.TotalHours:0}h" : $"{duration.TotalMinutes:0}m";
}
