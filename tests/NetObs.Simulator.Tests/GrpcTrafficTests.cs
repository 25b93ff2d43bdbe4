using Cilium.Flow;
using NetObs.Simulator.Metrics;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Tests;

/// <summary>
/// The L7 scenario's gRPC calls (frontend → payment-gateway) as Cilium reports them: protocol "HTTP/2" and method POST
/// in hubble_http_requests_total; the HTTP status is 200 unless the server sheds load with 503; grpc-status appears in
/// a reply's headers only for a trailers-only reply (Cilium's proxy logs headers, not trailers), never on successes.
/// The L7 dashboards' gRPC panels read exactly these.
/// </summary>
public sealed class GrpcTrafficTests
{
    private static readonly List<Flow> Flows = EngineRun.Flows(ScenarioSet.L7, TimeSpan.FromMinutes(10), seed: 11);

    private static List<Flow> GrpcReplies() =>
        [.. Flows.Where(f => f.L7 is { Type: L7FlowType.Response, Http.Protocol: "HTTP/2" })];

    private static string? Header(Flow flow, string key) => flow.L7.Http.Headers.FirstOrDefault(h => h.Key == key)?.Value;

    [Fact]
    public void Grpc_replies_carry_grpc_status_only_when_the_call_failed_before_any_message()
    {
        var replies = GrpcReplies();

        Assert.All(replies, f => Assert.Equal("POST", f.L7.Http.Method));
        Assert.All(replies.Where(f => f.L7.Http.Code == 503), f => Assert.Null(Header(f, "grpc-status")));
        Assert.All(replies.Where(f => Header(f, "grpc-status") is not null), f =>
        {
            Assert.Equal(200u, f.L7.Http.Code);
            Assert.Equal("application/grpc", Header(f, "content-type"));
            Assert.NotEqual("0", Header(f, "grpc-status"));
            Assert.NotNull(Header(f, "grpc-message"));
        });
        var statuses = replies.Select(f => Header(f, "grpc-status")).OfType<string>().ToHashSet();
        Assert.Equal(new[] { L7Scenario.GrpcUnavailable, L7Scenario.GrpcDeadlineExceeded, L7Scenario.GrpcFailedPrecondition }.Order(StringComparer.Ordinal), statuses.Order(StringComparer.Ordinal));
        Assert.True(replies.Count(f => f.L7.Http.Code == 200 && Header(f, "grpc-status") is null) > replies.Count / 2, "most calls succeed");
        Assert.Contains(replies, f => f.L7.Http.Code == 503);
    }

    [Fact]
    public void Incoming_grpc_error_ratio_of_payment_gateway_is_its_503_share_as_the_callers_saw_it()
    {
        var metrics = new FlowMetrics("default");
        foreach (var flow in Flows)
        {
            metrics.Record(flow, flow.NodeName);
        }

        var grpc = PrometheusText.Parse(metrics.Render())
            .Where(s => s.Name == "hubble_http_requests_total" && s.Label("protocol") == "HTTP/2").ToList();
        var served = GrpcReplies().Where(f => f.TrafficDirection == TrafficDirection.Egress).ToList();

        // The dashboard's Incoming gRPC panels select destination = the server's pods (the callers' proxies saw the replies).
        var incoming = grpc.Where(s => s.Label("destination").StartsWith("shop/payment-gateway-", StringComparison.Ordinal)).ToList();
        Assert.All(incoming, s => Assert.Equal("client", s.Label("reporter")));
        Assert.Equal(served.Count, incoming.Sum(s => s.Value));
        Assert.Equal(served.Count(f => f.L7.Http.Code == 503), incoming.Where(s => s.Label("status") != "200").Sum(s => s.Value));
        Assert.Equal(new[] { "200", "503" }, incoming.Select(s => s.Label("status")).Distinct().Order(StringComparer.Ordinal));

        // The Outgoing panels select source = the calling pods (the server's proxy saw the replies).
        var outgoing = grpc.Where(s => s.Label("source").Length > 0).ToList();
        Assert.NotEmpty(outgoing);
        Assert.All(outgoing, s =>
        {
            Assert.StartsWith("shop/frontend-", s.Label("source"), StringComparison.Ordinal);
            Assert.Equal("server", s.Label("reporter"));
        });
    }
}
