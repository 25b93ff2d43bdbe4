using System.IO.Compression;
using Cilium.Observer;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Export;

/// <summary>
/// Writes the scenarios' flows of a past period, and the policy-rollout incident in it, as a Hubble exporter file: one
/// JSON ExportEvent per line with proto field names (flow, node_name, time; hubble-api.md §1.2 and "Hubble exporter /
/// ACNS flow-log files"), oldest first, so that <c>netobs-history import</c> backfills a store with hours a relay never held.
/// </summary>
public static class ExporterFileWriter
{
    private static readonly JsonFormatter Formatter = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));

    /// <summary>Flows are generated and written a minute at a time, merging the two time-ordered sources.</summary>
    private static readonly long ChunkNanos = TimeSpan.FromMinutes(1).Ticks * 100;

    public static async Task<ExportSummary> WriteAsync(ExportOptions options, TimeProvider clock, CancellationToken cancellation)
    {
        ArgumentNullException.ThrowIfNull(options);
        var end = (clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
        var durationNanos = options.Duration.Ticks * 100;
        var from = end - durationNanos;
        var incidentStart = end - (options.IncidentAgo.Ticks * 100);
        var window = new IncidentWindow(incidentStart, incidentStart + (options.IncidentLength.Ticks * 100));

        var run = options.Scenarios;
        var cluster = new ClusterModel(run.Nodes, run.ClusterName);
        var scenarios = new ScenarioEngine(cluster, run.Scenarios, run.Seed, run.Rate, end, -durationNanos);
        var incident = new PolicyRolloutIncident(cluster, run.Seed, from, window);

        await using var file = new FileStream(options.OutputFile, FileMode.Create, FileAccess.Write, FileShare.Read, 1 << 16, useAsync: true);
        await using var stream = options.OutputFile.EndsWith(".gz", StringComparison.OrdinalIgnoreCase)
            ? new GZipStream(file, CompressionLevel.Fastest)
            : (Stream)file;
        await using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false), 1 << 16);

        var fromScenarios = new List<ScheduledFlow>();
        var fromIncident = new List<ScheduledFlow>();
        long flows = 0;
        for (var until = Math.Min(from + ChunkNanos, end); ; until = Math.Min(until + ChunkNanos, end))
        {
            fromScenarios.Clear();
            fromIncident.Clear();
            scenarios.GenerateUntil(until, fromScenarios.Add);
            incident.GenerateUntil(until, fromIncident.Add);
            flows += fromScenarios.Count + fromIncident.Count;
            await WriteMergedAsync(writer, fromScenarios, fromIncident, cancellation).ConfigureAwait(false);
            if (until == end)
            {
                break;
            }
        }

        return new ExportSummary(options.OutputFile, flows, IncidentWindow.ToTime(from), IncidentWindow.ToTime(end), window);
    }

    private static async Task WriteMergedAsync(TextWriter writer, List<ScheduledFlow> first, List<ScheduledFlow> second, CancellationToken cancellation)
    {
        int i = 0, j = 0;
        while (i < first.Count || j < second.Count)
        {
            cancellation.ThrowIfCancellationRequested();
            var next = j >= second.Count || (i < first.Count && first[i].TimeUnixNanos <= second[j].TimeUnixNanos) ? first[i++] : second[j++];
            await writer.WriteLineAsync(Line(next)).ConfigureAwait(false);
        }
    }

    private static string Line(ScheduledFlow scheduled)
    {
        var flow = scheduled.Flow;
        var exportEvent = new ExportEvent { Flow = flow, NodeName = flow.NodeName, Time = flow.Time ?? Timestamp.FromDateTimeOffset(IncidentWindow.ToTime(scheduled.TimeUnixNanos)) };
        return Formatter.Format(exportEvent);
    }
}
