using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using NetObs.Testing.History;
using NetObs.Testing.Processes;
using NetObs.Testing.Simulator;

namespace NetObs.Demo.Stack;

/// <summary>
/// Fills the demo's DuckDB file with hours the relay's buffer never holds: the simulator exports them as a Hubble
/// exporter file (with the policy-rollout incident), and <c>netobs-history import</c> loads it, as an operator would
/// load ACNS's flow logs.
/// </summary>
internal static partial class HistoryBackfill
{
    public static async Task<BackfilledHistory> RunAsync(RepositoryLayout layout, HistorySettings history, SimulatorSettings simulator, string folder, string logs, CancellationToken cancellation)
    {
        var watch = Stopwatch.StartNew();
        Directory.CreateDirectory(folder);
        var store = Path.Combine(folder, "flows.duckdb");

        // Every run starts from an empty store: the export ends now, and a file from an earlier run would hold older hours.
        foreach (var file in Directory.GetFiles(folder, "flows.duckdb*"))
        {
            File.Delete(file);
        }

        var exportFile = Path.Combine(folder, "exported-flows.jsonl.gz");
        var spec = DotnetProgram.Spec("simulator export", layout.Simulator, history.ExportArguments(exportFile, simulator), Path.Combine(logs, "simulator-export.log"));
        string summary;
        await using (var export = ChildProcess.Start(spec))
        {
            summary = await export.WaitForLineAsync(l => ExportLine().IsMatch(l), TimeSpan.FromMinutes(5), cancellation);
            await export.WaitForExitAsync(cancellation);
        }

        var exported = watch.Elapsed;
        var match = ExportLine().Match(summary);
        var report = await HistoryProcess.ImportAsync(layout.History, $"duckdb:{store}", [exportFile], Path.Combine(logs, "history-import.log"), cancellation);
        return new BackfilledHistory(
            $"duckdb:{store}",
            long.Parse(match.Groups["flows"].Value, CultureInfo.InvariantCulture),
            Time(match.Groups["from"].Value),
            Time(match.Groups["incidentFrom"].Value),
            Time(match.Groups["incidentTo"].Value),
            exported,
            watch.Elapsed - exported,
            report.Split('\n').LastOrDefault(l => l.StartsWith("total:", StringComparison.Ordinal)) ?? report);
    }

    private static DateTimeOffset Time(string text) => DateTimeOffset.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal);

    // simulator/NetObs.Simulator/Export/ExportSummary.cs: the line `export` prints.
    [GeneratedRegex(@"^NetObs simulator exported (?<flows>\d+) flows from (?<from>\S+) to (?<to>\S+) into .*; incident: .* from (?<incidentFrom>\S+) to (?<incidentTo>\S+)$", RegexOptions.CultureInvariant)]
    private static partial Regex ExportLine();
}
