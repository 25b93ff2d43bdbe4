using Cilium.Flow;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Query.Tests;

/// <summary>The `grpc_status` dimension reads the grpc-status header a failing gRPC call's trailers-only reply carries.</summary>
public sealed class GrpcStatusDimensionTests
{
    [Fact]
    public async Task Failing_grpc_methods_are_grouped_by_the_server_the_method_and_the_grpc_status_of_the_served_replies()
    {
        await using var relay = await SimulatedRelay.StartAsync(ScenarioSet.L7);
        var limits = new QueryLimits(DataSourceSettings.DefaultDefaultLimit, DataSourceSettings.DefaultMaxLimit);
        var engine = new QueryEngine(relay.Relay, limits, QueryEngineOptions.Default with { CacheLifetime = TimeSpan.Zero });
        var window = new QueryWindow(relay.Start.AddSeconds(-150), relay.Start.AddSeconds(-30), TimeSpan.FromSeconds(10), 1000);
        var failing = (await relay.FlowsAsync(window.From, window.To))
            .Where(f => f.L7 is { Type: L7FlowType.Response, Http: { } http } && http.Headers.Any(h => h.Key == "grpc-status" && h.Value != "0"))
            .ToList();
        Assert.True(failing.Count > 0, "the L7 scenario serves failing gRPC calls");

        var json = "{\"queryType\":\"topk\",\"filter\":\"--protocol http --http-header grpc-status:4 --http-header grpc-status:9 --http-header grpc-status:14\","
            + "\"groupBy\":[\"source_workload\",\"http_path\",\"grpc_status\"],\"k\":50}";
        var result = await engine.RunJsonAsync("A", json, window, TopKQuery.RunAsync);

        var expected = failing.GroupBy(f => (f.Source.Namespace + "/" + f.Source.Workloads[0].Name, new Uri(f.L7.Http.Url).AbsolutePath, f.L7.Http.Headers.Single(h => h.Key == "grpc-status").Value))
            .ToDictionary(g => g.Key, g => (long)g.Count());
        var actual = result.Rows.ToDictionary(r => (r.Values[0], r.Values[1], r.Values[2]), r => r.Count);
        Assert.Equal(expected.OrderBy(e => e.Key), actual.OrderBy(e => e.Key));
        Assert.Contains(actual.Keys, k => k == ("shop/payment-gateway", L7Scenario.AuthorizeMethod, L7Scenario.GrpcUnavailable));
    }

    [Fact]
    public void Requests_and_replies_without_the_header_have_no_grpc_status()
    {
        Assert.True(Hubble.FlowValues.FlowDimensions.TryGet("grpc_status", out var dimension));
        var text = new Hubble.FlowValues.FlowText();
        var success = new Flow { L7 = new Layer7 { Type = L7FlowType.Response, Http = new HTTP { Code = 200, Protocol = "HTTP/2" } } };
        success.L7.Http.Headers.Add(new HTTPHeader { Key = "content-type", Value = "application/grpc" });
        var request = new Flow { L7 = new Layer7 { Type = L7FlowType.Request, Http = new HTTP { Method = "POST", Protocol = "HTTP/2" } } };
        request.L7.Http.Headers.Add(new HTTPHeader { Key = "grpc-status", Value = "14" });
        var failed = new Flow { L7 = new Layer7 { Type = L7FlowType.Response, Http = new HTTP { Code = 200, Protocol = "HTTP/2" } } };
        failed.L7.Http.Headers.Add(new HTTPHeader { Key = "Grpc-Status", Value = "14" });

        Assert.Equal("", dimension.Read(success, text));
        Assert.Equal("", dimension.Read(request, text));
        Assert.Equal("14", dimension.Read(failed, text));
    }
}
