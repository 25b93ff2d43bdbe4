using System.Text.Json.Nodes;

namespace NetObs.Generator.Tests;

/// <summary>
/// Both L7 dashboards have a gRPC row: calls, error ratio and duration per workload from Hubble's HTTP/2 series, and
/// the failing methods with their grpc-status from the flows.
/// </summary>
public sealed class GrpcPanelTests
{
    private static List<JsonObject> GrpcRow(string file)
    {
        var dashboard = Generation.Dashboards(Generation.Defaults).Single(d => d.Path.EndsWith(file, StringComparison.Ordinal)).Dashboard;
        // An open row's panels follow it at the top level, up to the next row.
        return [.. dashboard["panels"]!.AsArray().OfType<JsonObject>()
            .SkipWhile(p => !(p["type"]!.GetValue<string>() == "row" && p["title"]!.GetValue<string>().StartsWith("gRPC Flows", StringComparison.Ordinal)))
            .Skip(1)
            .TakeWhile(p => p["type"]!.GetValue<string>() != "row")];
    }

    private static IEnumerable<string> Expressions(JsonObject panel) =>
        panel["targets"]!.AsArray().Select(t => t!["expr"]?.GetValue<string>()).OfType<string>();

    [Theory]
    [InlineData("netobs-l7-namespace.json")]
    [InlineData("netobs-l7-workload.json")]
    public void L7_dashboards_show_grpc_rate_error_ratio_and_latency_per_workload_from_http2_series(string file)
    {
        var panels = GrpcRow(file);
        var metric = panels.Where(p => p["type"]!.GetValue<string>() == "timeseries").ToList();

        Assert.Contains(metric, p => p["title"]!.GetValue<string>() == "Incoming gRPC Requests by Server Workload");
        Assert.Contains(metric, p => p["title"]!.GetValue<string>() == "Incoming gRPC Error Ratio by Server Workload");
        Assert.Contains(metric, p => p["title"]!.GetValue<string>() == "gRPC Request Duration by Server Workload");
        Assert.All(metric.SelectMany(Expressions), e =>
        {
            Assert.Contains("protocol=\"HTTP/2\"", e, StringComparison.Ordinal);
            Assert.Contains("\"workload\", \"$1\"", e, StringComparison.Ordinal);
        });
        var ratio = Expressions(metric.Single(p => p["title"]!.GetValue<string>() == "Incoming gRPC Error Ratio by Server Workload")).Single();
        Assert.Contains("status!~\"2..\"", ratio, StringComparison.Ordinal);
        Assert.All(metric, p => Assert.False(string.IsNullOrWhiteSpace(p["description"]?.GetValue<string>())));
    }

    [Theory]
    [InlineData("netobs-l7-namespace.json")]
    [InlineData("netobs-l7-workload.json")]
    public void Failing_grpc_methods_come_from_the_flows_with_their_grpc_status(string file)
    {
        var table = GrpcRow(file).Single(p => p["type"]!.GetValue<string>() == "table");
        var target = table["targets"]![0]!;

        Assert.Equal("netobs-hubble-datasource", target["datasource"]!["type"]!.GetValue<string>());
        Assert.Equal("topk", target["queryType"]!.GetValue<string>());
        Assert.Equal(["source_workload", "http_path", "grpc_status"], target["groupBy"]!.AsArray().Select(g => g!.GetValue<string>()));
        var filter = target["filter"]!.GetValue<string>();
        var codes = filter.Split(' ').Where(w => w.StartsWith("grpc-status:", StringComparison.Ordinal)).Select(w => int.Parse(w["grpc-status:".Length..], System.Globalization.CultureInfo.InvariantCulture));

        // Every status but OK (grpc/grpc doc/statuscodes.md).
        Assert.Equal(Enumerable.Range(1, 16), codes.Order());
    }
}
