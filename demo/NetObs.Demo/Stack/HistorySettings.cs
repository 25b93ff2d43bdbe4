using System.Globalization;
using NetObs.Testing.Simulator;

namespace NetObs.Demo.Stack;

/// <summary>The history the demo gives its history server: hours of the scenarios, exported by the simulator and imported before it starts.</summary>
internal sealed record HistorySettings
{
    /// <summary>How far back the stored history reaches; Hubble Relay's buffer holds minutes of it.</summary>
    public TimeSpan Duration { get; init; } = TimeSpan.FromHours(6);

    /// <summary>
    /// Flows per second of the exported hours: low, so that export and import of six hours take seconds (the importer
    /// parses JSON lines, about 1 KB each), yet every scenario's episodes occur hundreds of times.
    /// </summary>
    public double Rate { get; init; } = 2;

    /// <summary>When, before the demo starts, the incident's policy starts denying.</summary>
    public TimeSpan IncidentAgo { get; init; } = TimeSpan.FromHours(4);

    /// <summary>How long the incident lasts.</summary>
    public TimeSpan IncidentLength { get; init; } = TimeSpan.FromMinutes(20);

    /// <summary>`NetObs.Simulator export …` for the demo's simulator settings (same seed, scenarios, nodes and cluster).</summary>
    public IReadOnlyList<string> ExportArguments(string outputFile, SimulatorSettings simulator) =>
    [
        "export",
        "--out", outputFile,
        "--duration", SimulatorSettings.FormatDuration(Duration),
        "--incident-at", SimulatorSettings.FormatDuration(IncidentAgo),
        "--incident-for", SimulatorSettings.FormatDuration(IncidentLength),
        "--seed", simulator.Seed.ToString(CultureInfo.InvariantCulture),
        "--scenario", simulator.Scenarios,
        "--nodes", simulator.Nodes.ToString(CultureInfo.InvariantCulture),
        "--rate", Rate.ToString(CultureInfo.InvariantCulture),
    ];
}
