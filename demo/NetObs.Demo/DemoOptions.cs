using System.Globalization;
using NetObs.Demo.Prometheus;
using NetObs.Demo.Stack;
using NetObs.Testing.Simulator;

namespace NetObs.Demo;

/// <summary>The demo's command line.</summary>
internal sealed record DemoOptions
{
    public const string Usage = """
        Usage: NetObs.Demo [options]                    start the stack, walk the five use cases, run until Ctrl+C
               NetObs.Demo startup-time EXECUTABLE [--runs N]   measure a plugin executable's start-to-handshake time
          --once                 walk the use cases once and stop (non-interactive; exit code 1 if a step failed)
          --work DIR             where generated files, Prometheus data and logs go (default artifacts/demo)
          --configuration NAME   build configuration of the simulator and generator (default Release)
          --plugin FILE          plugin executable (default dist/netobs-hubble-datasource/gpx_netobs_<os>_<arch>, else the build output)
          --seed N               simulator seed (default 1)
          --rate N               simulator flows per second (default 100)
          --backfill DURATION    simulator history at start (default 1h)
          --settle DURATION      wait before walking, so Prometheus scrapes and rules evaluate (default 40s)
          --history DURATION     hours of scenario history the history server is backfilled with (default 6h)
          --no-history           run without the history server
          --no-prometheus        run without Prometheus
        """;

    public bool Once { get; init; }

    public string? WorkFolder { get; init; }

    public string Configuration { get; init; } = "Release";

    public string? Plugin { get; init; }

    public ulong Seed { get; init; } = 1;

    public double Rate { get; init; } = 100;

    public TimeSpan Backfill { get; init; } = TimeSpan.FromHours(1);

    public TimeSpan Settle { get; init; } = TimeSpan.FromSeconds(40);

    public bool NoPrometheus { get; init; }

    public TimeSpan History { get; init; } = TimeSpan.FromHours(6);

    public bool NoHistory { get; init; }

    public bool ShowHelp { get; init; }

    public static DemoOptions Parse(IReadOnlyList<string> args)
    {
        var options = new DemoOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value; see --help.");
            options = args[i] switch
            {
                "--once" => options with { Once = true },
                "--work" => options with { WorkFolder = Path.GetFullPath(Value()) },
                "--configuration" => options with { Configuration = Value() },
                "--plugin" => options with { Plugin = Path.GetFullPath(Value()) },
                "--seed" => options with { Seed = ulong.Parse(Value(), CultureInfo.InvariantCulture) },
                "--rate" => options with { Rate = double.Parse(Value(), CultureInfo.InvariantCulture) },
                "--backfill" => options with { Backfill = Duration("--backfill", Value()) },
                "--settle" => options with { Settle = Duration("--settle", Value()) },
                "--no-prometheus" => options with { NoPrometheus = true },
                "--history" => options with { History = HistoryDuration(Value()) },
                "--no-history" => options with { NoHistory = true },
                "--help" or "-h" => options with { ShowHelp = true },
                var other => throw new ArgumentException($"unknown option '{other}'; see --help."),
            };
        }

        return options;
    }

    public DemoStackOptions ToStackOptions(RepositoryLayout layout) => new()
    {
        Layout = layout,
        WorkFolder = WorkFolder ?? Path.Combine(layout.Root, "artifacts", "demo"),
        PluginExecutable = Plugin,
        PrometheusExecutable = NoPrometheus ? null : PrometheusProcess.Locate(),
        Simulator = new SimulatorSettings { Seed = Seed, Rate = Rate, Backfill = Backfill, Scenarios = "all" },
        History = NoHistory ? null : HistoryFor(History),
    };

    /// <summary>The incident sits 4 hours back, or two thirds of a shorter history back.</summary>
    private static HistorySettings HistoryFor(TimeSpan duration) => new()
    {
        Duration = duration,
        IncidentAgo = duration >= TimeSpan.FromHours(6) ? TimeSpan.FromHours(4) : TimeSpan.FromMinutes(Math.Floor(duration.TotalMinutes * 2 / 3)),
    };

    private static TimeSpan HistoryDuration(string text)
    {
        var duration = Duration("--history", text);
        return duration >= TimeSpan.FromHours(1) && duration <= TimeSpan.FromDays(7)
            ? duration
            : throw new ArgumentException($"--history '{text}' must be from 1h to 168h; write e.g. --history 6h.");
    }

    private static TimeSpan Duration(string flag, string text) =>
        RuleWindows.TryParse(text, out var duration)
            ? duration
            : throw new ArgumentException($"{flag} '{text}' is not a duration; write it like 90s, 5m or 1h.");
}
