using Cilium.Flow;
using Cilium.Observer;
using NetObs.Hubble.Import;
using NetObs.Simulator.Export;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Tests;

/// <summary>`NetObs.Simulator export`: past hours of the scenarios as a Hubble exporter file, with the policy-rollout incident.</summary>
public sealed class ExportTests : IDisposable
{
    private static readonly DateTimeOffset End = DateTimeOffset.Parse("2026-12-07T03:00:00Z", System.Globalization.CultureInfo.InvariantCulture);

    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-export-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Export_writes_exporter_lines_of_the_period_oldest_first_with_the_incident_inside_its_window()
    {
        var file = Path.Combine(_folder, "events.log.gz");
        var options = ExportOptionsParser.Parse(["--out", file, "--duration", "1h", "--incident-at", "30m", "--incident-for", "10m", "--rate", "20", "--seed", "3"])!;

        var summary = await ExporterFileWriter.WriteAsync(options, new FrozenClock(End), CancellationToken.None);
        var responses = await ReadAsync(file);

        Assert.Equal(summary.Flows, responses.Count);
        Assert.All(responses, r => Assert.Equal(r.Flow.NodeName, r.NodeName));
        var times = responses.Select(r => r.Flow.Time.ToDateTimeOffset()).ToList();
        Assert.InRange(times[0], End.AddHours(-1), End.AddMinutes(-55));
        Assert.InRange(times[^1], End.AddMinutes(-5), End);
        Assert.Equal(times.Order(), times);

        var incidentStart = End.AddMinutes(-30);
        var incidentEnd = End.AddMinutes(-20);
        var edge = responses.Select(r => r.Flow)
            .Where(f => f.Source?.PodName.StartsWith("store-admin-", StringComparison.Ordinal) == true && f.Destination?.PodName.StartsWith("product-service-", StringComparison.Ordinal) == true)
            .ToList();
        var denied = edge.Where(f => f.Verdict == Verdict.Dropped).ToList();
        Assert.NotEmpty(denied);
        Assert.All(denied, f =>
        {
            Assert.Equal(DropReason.PolicyDenied, f.DropReasonDesc);
            var policy = Assert.Single(f.IngressDeniedBy);
            Assert.Equal(("pets", "product-service-ingress", 5UL), (policy.Namespace, policy.Name, policy.Revision));
        });

        // The first SYN of a denied call falls in the window; its retransmissions up to three seconds later.
        Assert.All(denied, f => Assert.InRange(f.Time.ToDateTimeOffset(), incidentStart, incidentEnd.AddSeconds(4)));
        var allowedOutside = edge.Where(f => f.Verdict == Verdict.Forwarded && f.IngressAllowedBy.Count > 0).ToList();
        Assert.Contains(allowedOutside, f => f.Time.ToDateTimeOffset() < incidentStart);
        Assert.Contains(allowedOutside, f => f.Time.ToDateTimeOffset() >= incidentEnd);
        Assert.All(allowedOutside, f => Assert.False(f.Time.ToDateTimeOffset() >= incidentStart.AddSeconds(1) && f.Time.ToDateTimeOffset() < incidentEnd));
        Assert.Equal(incidentStart, IncidentWindow.ToTime(summary.Incident.Start));
    }

    [Fact]
    public async Task Export_of_the_same_seed_and_end_is_the_same_file()
    {
        var first = Path.Combine(_folder, "a.jsonl");
        var second = Path.Combine(_folder, "b.jsonl");

        await ExporterFileWriter.WriteAsync(ExportOptionsParser.Parse(["--out", first, "--duration", "20m", "--incident-at", "10m", "--seed", "5"])!, new FrozenClock(End), CancellationToken.None);
        await ExporterFileWriter.WriteAsync(ExportOptionsParser.Parse(["--out", second, "--duration", "20m", "--incident-at", "10m", "--seed", "5"])!, new FrozenClock(End), CancellationToken.None);

        Assert.Equal(await File.ReadAllTextAsync(first), await File.ReadAllTextAsync(second));
    }

    [Theory]
    [InlineData(new[] { "--duration", "6h" }, "export needs --out FILE")]
    [InlineData(new[] { "--out", "x.jsonl", "--duration", "2h", "--incident-at", "4h" }, "--incident-at 4h is before the export's start (2h ago)")]
    [InlineData(new[] { "--out", "x.jsonl", "--duration", "forever" }, "--duration 'forever' is not a duration")]
    [InlineData(new[] { "--out", "x.jsonl", "--listen", "127.0.0.1:4245" }, "export: unknown option '--listen'")]
    [InlineData(new[] { "--out", "x.jsonl", "--rate", "0" }, "--rate '0' must be a number of flows per second above 0")]
    public void Bad_export_options_say_what_to_fix(string[] args, string message)
    {
        var e = Assert.Throws<OptionsException>(() => ExportOptionsParser.Parse(args));

        Assert.Contains(message, e.Message, StringComparison.Ordinal);
    }

    private static async Task<List<GetFlowsResponse>> ReadAsync(string file)
    {
        await using var stream = File.OpenRead(file);
        await using var gzip = new System.IO.Compression.GZipStream(stream, System.IO.Compression.CompressionMode.Decompress);
        using var reader = new StreamReader(gzip);
        var responses = new List<GetFlowsResponse>();
        await foreach (var response in JsonpbFlowReader.ReadAsync(reader))
        {
            responses.Add(response);
        }

        return responses;
    }
}
