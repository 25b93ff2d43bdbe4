using System.Globalization;

namespace NetObs.Testing.Simulator;

/// <summary>The simulator's command line for one demo or test run (issue 3's contract).</summary>
public sealed record SimulatorSettings
{
    public ulong Seed { get; init; } = 1;

    public string Scenarios { get; init; } = "all";

    public int Nodes { get; init; } = 3;

    public int Buffer { get; init; } = 4095;

    public double Rate { get; init; } = 100;

    public TimeSpan Backfill { get; init; } = TimeSpan.FromHours(1);

    public IReadOnlyList<string> Arguments(string listen, string metricsListen) =>
    [
        "--listen", listen,
        "--metrics-listen", metricsListen,
        "--seed", Seed.ToString(CultureInfo.InvariantCulture),
        "--scenario", Scenarios,
        "--nodes", Nodes.ToString(CultureInfo.InvariantCulture),
        "--buffer", Buffer.ToString(CultureInfo.InvariantCulture),
        "--rate", Rate.ToString(CultureInfo.InvariantCulture),
        "--backfill", FormatDuration(Backfill),
    ];

    /// <summary>Go-style duration, as the simulator and Prometheus read it.</summary>
    public static string FormatDuration(TimeSpan duration) =>
        duration.TotalSeconds % 60 == 0
            ? duration.TotalMinutes % 60 == 0 ? $"{(int)duration.TotalHours}h" : $"{(int)duration.TotalMinutes}m"
            : $"{(int)duration.TotalSeconds}s";
}
