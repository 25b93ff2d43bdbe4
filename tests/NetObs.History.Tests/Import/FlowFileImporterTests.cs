using System.IO.Compression;
using Cilium.Flow;
using Google.Protobuf;
using NetObs.History.Import;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;
using NetObs.History.Tests.Server;

namespace NetObs.History.Tests.Import;

/// <summary>Exporter files and jsonpb captures loaded into DuckDB: counts, skipped lines with their numbers, gaps, and the flows themselves.</summary>
public sealed class FlowFileImporterTests : IAsyncLifetime
{
    private static readonly JsonFormatter ProtoNames = new(JsonFormatter.Settings.Default.WithPreserveProtoFieldNames(true));
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-import-").FullName;
    private DuckDbFlowStore _store = null!;

    public async Task InitializeAsync() => _store = await DuckDbFlowStore.OpenAsync(Path.Combine(_folder, "flows.duckdb"), CancellationToken.None);

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task An_exporter_file_with_non_flow_and_corrupt_lines_is_counted_line_by_line()
    {
        var flows = ScenarioFlows.Generate(200, cluster: "c1");
        var lines = flows.Select(ExportLine).ToList();
        lines.Insert(10, """{"agent_event":{"type":"AGENT_STARTED","agent_start":{"time":"2025-04-16T18:49:59Z"}},"node_name":"c1/n","time":"2025-04-16T18:49:59Z"}""");
        lines.Insert(50, """{"flow":{"time":"2025-04-16T18:49:59.4505""");
        lines.Insert(80, "");
        lines.Insert(120, """{"lost_events":{"source":"HUBBLE_RING_BUFFER","num_events_lost":"17"},"node_name":"c1/node-0","time":"2025-04-16T18:49:59Z"}""");
        var path = Path.Combine(_folder, "events.log");
        await File.WriteAllLinesAsync(path, lines);

        var report = await new FlowFileImporter(_store, "fallback").ImportAsync(path, CancellationToken.None);

        Assert.Equal(204, report.LinesRead);
        Assert.Equal(200, report.FlowsStored);
        Assert.Equal([(11L, SkipReason.AgentEvent), (51L, SkipReason.Corrupt), (81L, SkipReason.Blank)], report.Skipped.Select(s => (s.LineNumber, s.Reason)));
        Assert.StartsWith("line 51", report.Skipped[1].Detail, StringComparison.Ordinal);
        Assert.Equal(2, report.GapsRecorded);

        var gaps = await _store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None);
        Assert.Contains(gaps, g => g.Reason == FlowGapReason.LostEvents && g.Count == 17 && g.Cluster == "c1");
        Assert.Contains(gaps, g => g.Reason == FlowGapReason.ImportSkipped && g.Detail.Contains("events.log", StringComparison.Ordinal));

        var stored = new List<StoredFlow>();
        await foreach (var flow in _store.ReadAsync(new FlowReadRequest(), CancellationToken.None))
        {
            stored.Add(flow);
        }

        Assert.Equal(flows.Select(f => f.Uuid).Order(), stored.Select(f => f.Flow.Uuid).Order());
        Assert.All(stored, f => Assert.Equal("c1", f.Cluster));
        var byUuid = flows.ToDictionary(f => f.Uuid);
        Assert.All(stored, f => Assert.Equal(byUuid[f.Flow.Uuid], f.Flow));
    }

    [Fact]
    public async Task Rotated_gzip_files_and_jsonpb_captures_are_read_alike()
    {
        var flows = ScenarioFlows.Generate(300, cluster: "default");
        var plain = Path.Combine(_folder, "capture.json");
        await File.WriteAllLinesAsync(plain, flows.Take(100).Select(ExportLine));
        var rotated = Path.Combine(_folder, "events.log.1.gz");
        await using (var gzip = new GZipStream(File.Create(rotated), CompressionLevel.Fastest))
        await using (var writer = new StreamWriter(gzip))
        {
            foreach (var flow in flows.Skip(100))
            {
                await writer.WriteLineAsync(ExportLine(flow));
            }
        }

        var importer = new FlowFileImporter(_store, "aks-imported");
        var first = await importer.ImportAsync(plain, CancellationToken.None);
        var second = await importer.ImportAsync(rotated, CancellationToken.None);

        Assert.Equal((100L, 100L), (first.LinesRead, first.FlowsStored));
        Assert.Equal((200L, 200L), (second.LinesRead, second.FlowsStored));
        var summary = await _store.SummarizeAsync(CancellationToken.None);
        Assert.Equal(300, summary.FlowCount);

        // Node names without "cluster/" belong to the default cluster, which --cluster names.
        Assert.Equal(["aks-imported"], summary.Clusters.Select(c => c.Cluster));
    }

    [Fact]
    public async Task A_file_that_is_not_gzip_after_its_magic_bytes_is_reported_not_thrown()
    {
        var path = Path.Combine(_folder, "broken.gz");
        await File.WriteAllBytesAsync(path, [0x1f, 0x8b, 1, 2, 3, 4, 5]);

        var report = await new FlowFileImporter(_store, "default").ImportAsync(path, CancellationToken.None);

        Assert.Equal(0, report.FlowsStored);
        Assert.Contains(report.Skipped, s => s.Reason == SkipReason.Corrupt && s.Detail.Contains("gzip", StringComparison.Ordinal));
    }

    private static string ExportLine(Flow flow) =>
        $$"""{"flow":{{ProtoNames.Format(flow)}},"node_name":"{{flow.NodeName}}","time":"{{flow.Time.ToDateTimeOffset():yyyy-MM-ddTHH:mm:ss.fffffffZ}}"}""";
}
