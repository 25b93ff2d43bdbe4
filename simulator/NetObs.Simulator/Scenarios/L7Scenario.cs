using Cilium.Flow;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// The shop: frontend calls catalog over HTTP/1.1 (2xx/4xx/5xx, with an L7 policy that denies DELETE),
/// payment-gateway over gRPC (HTTP/2 paths and status codes), and orders produces and fetches on
/// Kafka (topics, api keys, error codes; producing to audit-log is denied by the topic policy).
/// HTTP records are reported by both proxies: the client's egress and the server's ingress.
/// </summary>
public sealed class L7Scenario(ClusterModel cluster, PolicyCatalog policies) : IScenario
{
    public const string CatalogHost = "catalog.shop.svc.cluster.local:8080";
    public const string PaymentHost = "payment-gateway.shop.svc.cluster.local:50051";
    public const string DeniedTopic = "audit-log";

    /// <summary>gRPC status codes (grpc/grpc doc/statuscodes.md) of the payment calls that fail.</summary>
    public const string GrpcDeadlineExceeded = "4";
    public const string GrpcFailedPrecondition = "9";
    public const string GrpcUnavailable = "14";

    /// <summary>The payment service's gRPC methods, as HTTP/2 paths.</summary>
    public const string AuthorizeMethod = "/payments.v1.PaymentService/Authorize";

    /// <summary>Kafka's TOPIC_AUTHORIZATION_FAILED, which Cilium's Kafka proxy answers for denied topics.</summary>
    public const int TopicAuthorizationFailed = 29;

    private readonly IReadOnlyList<SimulatedPod> _frontends = cluster.PodsOf("shop", "frontend");
    private readonly IReadOnlyList<SimulatedPod> _catalogs = cluster.PodsOf("shop", "catalog");
    private readonly SimulatedPod _payments = cluster.Pod("shop", "payment-gateway");
    private readonly IReadOnlyList<SimulatedPod> _orders = cluster.PodsOf("shop", "orders");
    private readonly IReadOnlyList<SimulatedPod> _brokers = cluster.PodsOf("shop", "kafka");
    private int _correlationId = 1000;

    public string Name => "l7";

    public double Weight => 15;

    public void Run(EpisodeContext context)
    {
        var roll = context.Random.NextDouble();
        if (roll < 0.55)
        {
            Catalog(context);
        }
        else if (roll < 0.8)
        {
            Payment(context);
        }
        else
        {
            KafkaRequest(context);
        }
    }

    private void Catalog(EpisodeContext context)
    {
        var random = context.Random;
        var id = random.Next(1, 400);
        var roll = random.NextDouble();
        var (method, path, code, minMs, maxMs) = roll switch
        {
            < 0.40 => ("GET", "/api/products", random.Chance(0.05) ? (random.Chance(0.6) ? 500u : 503u) : 200u, 3, 60),
            < 0.65 => ("GET", $"/api/products/{id}", random.Chance(0.15) ? 404u : 200u, 2, 30),
            < 0.80 => ("POST", "/api/cart", random.Chance(0.1) ? (random.Chance(0.7) ? 400u : 500u) : 201u, 5, 120),
            < 0.96 => ("GET", $"/api/search?q=item{id}", random.Chance(0.1) ? 504u : 200u, 20, 400),
            _ => ("DELETE", $"/api/products/{id}", 403u, 0, 1),
        };
        var denied = method == "DELETE";
        var latencyNs = code == 504 ? random.LogUniform(1_000_000_000, 2_500_000_000) : random.LogUniform(minMs * 1_000_000L + 200_000, maxMs * 1_000_000L + 400_000);
        HttpExchange(context, random.Pick(_frontends), random.Pick(_catalogs), cluster.Service("shop", "catalog"), 8080,
            "HTTP/1.1", method, $"http://{CatalogHost}{path}", code, latencyNs, denied, grpc: null);
    }

    private void Payment(EpisodeContext context)
    {
        var random = context.Random;
        var roll = random.NextDouble();
        var path = roll switch
        {
            < 0.8 => AuthorizeMethod,
            < 0.95 => "/payments.v1.PaymentService/Capture",
            _ => "/grpc.health.v1.Health/Check",
        };
        // How a gRPC outcome reaches Hubble. Cilium's Envoy filter logs the response headers only
        // (cilium/proxy cilium/accesslog.cc, Entry::UpdateFromResponse), never the trailers where a streamed reply
        // carries grpc-status: a call that succeeds shows HTTP 200 and no grpc-status. A call that fails before any
        // message is a trailers-only response (grpc/grpc doc/PROTOCOL-HTTP2.md): HTTP 200 with grpc-status and
        // grpc-message in the headers, so the proxy records them. A server shedding load at the HTTP layer answers
        // 503 without grpc-status, which clients read as UNAVAILABLE (grpc/grpc doc/http-grpc-status-mapping.md).
        var failure = random.NextDouble();
        var (code, grpcStatus, grpcMessage, latencyNs) = failure switch
        {
            < 0.05 => (503u, null, null, random.LogUniform(1_000_000, 5_000_000)),
            < 0.07 => (200u, GrpcDeadlineExceeded, "deadline exceeded calling card network", random.LogUniform(2_000_000_000, 3_000_000_000)),
            < 0.09 => (200u, GrpcUnavailable, "connection to fraud-check refused", random.LogUniform(1_000_000, 5_000_000)),
            < 0.12 => (200u, GrpcFailedPrecondition, "card declined", random.LogUniform(10_000_000, 80_000_000)),
            _ => (200u, (string?)null, (string?)null, random.LogUniform(15_000_000, 250_000_000)),
        };
        HttpExchange(context, random.Pick(_frontends), _payments, cluster.Service("shop", "payment-gateway"), 50051,
            "HTTP/2", "POST", $"http://{PaymentHost}{path}", code, latencyNs, denied: false, new GrpcCall(grpcStatus, grpcMessage));
    }

    private void HttpExchange(EpisodeContext context, SimulatedPod clientPod, SimulatedPod serverPod, Service service, int port,
        string protocol, string method, string url, uint code, long latencyNs, bool denied, GrpcCall? grpc)
    {
        var random = context.Random;
        var flows = context.Flows;
        var client = Peer.Of(clientPod);
        var server = Peer.Of(serverPod, service);
        var clientPort = random.Next(32768, 60999);
        var forwardIp = FlowFactory.Ip(client.Ip, server.Ip);
        var backwardIp = FlowFactory.Ip(server.Ip, client.Ip);
        var forwardL4 = flows.Tcp(clientPort, port, TcpFlagSet.PshAck);
        var backwardL4 = flows.Tcp(port, clientPort, TcpFlagSet.PshAck);
        var requestId = $"{random.NextUInt64():x16}";

        var request = new HTTP { Method = method, Url = url, Protocol = protocol };
        request.Headers.Add(new HTTPHeader { Key = "x-request-id", Value = requestId });
        request.Headers.Add(new HTTPHeader { Key = "user-agent", Value = grpc is null ? "shop-frontend/2.4.1" : "grpc-go/1.64.0" });
        if (grpc is not null)
        {
            request.Headers.Add(new HTTPHeader { Key = "content-type", Value = "application/grpc" });
        }

        var response = new HTTP { Code = code, Method = method, Url = url, Protocol = protocol };
        response.Headers.Add(new HTTPHeader { Key = "x-request-id", Value = requestId });
        if (grpc is not null && code == 200)
        {
            response.Headers.Add(new HTTPHeader { Key = "content-type", Value = "application/grpc" });
            if (grpc.Status is not null)
            {
                response.Headers.Add(new HTTPHeader { Key = "grpc-status", Value = grpc.Status });
                response.Headers.Add(new HTTPHeader { Key = "grpc-message", Value = grpc.Message ?? "" });
            }
        }

        var requestSummary = FlowFactory.HttpRequestSummary(request);
        var responseSummary = FlowFactory.HttpResponseSummary(response, (ulong)latencyNs);
        var requestVerdict = denied ? Verdict.Dropped : Verdict.Forwarded;

        // The client's egress proxy sees the request leave and the response come back.
        context.Emit(0, client.Node!, flows.L7(client, server, forwardIp, forwardL4,
            new Layer7 { Type = L7FlowType.Request, Http = request }, requestSummary, client.Node!, TrafficDirection.Egress, false, requestVerdict));
        if (denied)
        {
            // The ingress proxy answers 403 itself: the request never reaches catalog.
            var ingressDenied = flows.L7(client, server, forwardIp, forwardL4,
                new Layer7 { Type = L7FlowType.Request, Http = request }, requestSummary, server.Node!, TrafficDirection.Ingress, false, Verdict.Dropped);
            ingressDenied.IngressDeniedBy.Add(policies.CatalogL7);
            context.Emit(300_000, server.Node!, ingressDenied);
            context.Emit(600_000, client.Node!, flows.L7(server, client, backwardIp, backwardL4,
                new Layer7 { Type = L7FlowType.Response, LatencyNs = 600_000, Http = response }, FlowFactory.HttpResponseSummary(response, 600_000),
                client.Node!, TrafficDirection.Egress, true, Verdict.Forwarded));
            return;
        }

        var serverRequest = flows.L7(client, server, forwardIp, forwardL4,
            new Layer7 { Type = L7FlowType.Request, Http = request }, requestSummary, server.Node!, TrafficDirection.Ingress, false, Verdict.Forwarded);
        serverRequest.IngressAllowedBy.Add(policies.CatalogL7);
        context.Emit(300_000, server.Node!, serverRequest);
        var serverLatency = Math.Max(100_000, latencyNs - 500_000);
        context.Emit(300_000 + serverLatency, server.Node!, flows.L7(server, client, backwardIp, backwardL4,
            new Layer7 { Type = L7FlowType.Response, LatencyNs = (ulong)serverLatency, Http = response },
            FlowFactory.HttpResponseSummary(response, (ulong)serverLatency), server.Node!, TrafficDirection.Ingress, true, Verdict.Forwarded));
        context.Emit(latencyNs, client.Node!, flows.L7(server, client, backwardIp, backwardL4,
            new Layer7 { Type = L7FlowType.Response, LatencyNs = (ulong)latencyNs, Http = response }, responseSummary,
            client.Node!, TrafficDirection.Egress, true, Verdict.Forwarded));
    }

    private void KafkaRequest(EpisodeContext context)
    {
        var random = context.Random;
        var roll = random.NextDouble();
        var (apiKey, apiVersion, topic) = roll switch
        {
            < 0.6 => ("produce", 9, "orders"),
            < 0.8 => ("fetch", 12, "payments"),
            < 0.9 => ("metadata", 9, "orders"),
            _ => ("produce", 9, DeniedTopic),
        };
        var denied = topic == DeniedTopic;
        var errorCode = denied ? TopicAuthorizationFailed
            : random.NextDouble() switch
            {
                < 0.03 => 6, // NOT_LEADER_OR_FOLLOWER during a leader election
                < 0.05 => 7, // REQUEST_TIMED_OUT
                _ => 0,
            };
        var client = Peer.Of(random.Pick(_orders));
        var broker = random.Pick(_brokers);
        var server = Peer.Of(broker, cluster.Service("shop", "kafka"));
        var kafka = new Kafka
        {
            ApiKey = apiKey,
            ApiVersion = apiVersion,
            Topic = topic,
            CorrelationId = _correlationId++,
            ErrorCode = errorCode,
        };
        var latencyNs = errorCode == 7 ? random.LogUniform(5_000_000_000, 6_000_000_000) : random.LogUniform(500_000, 40_000_000);
        var clientPort = 41000 + (int)(client.Endpoint.ID % 2000);
        var flow = context.Flows.L7(client, server, FlowFactory.Ip(client.Ip, server.Ip), context.Flows.Tcp(clientPort, 9092, TcpFlagSet.PshAck),
            new Layer7 { Type = L7FlowType.Request, LatencyNs = (ulong)latencyNs, Kafka = kafka }, FlowFactory.KafkaSummary(kafka),
            broker.Node, TrafficDirection.Ingress, false, denied ? Verdict.Dropped : Verdict.Forwarded);
        if (denied)
        {
            flow.IngressDeniedBy.Add(policies.KafkaTopics);
        }
        else
        {
            flow.IngressAllowedBy.Add(policies.KafkaTopics);
        }

        context.Emit(latencyNs, broker.Node, flow);
    }

    /// <summary>A gRPC call's outcome as its response headers carry it: grpc-status and grpc-message, or none.</summary>
    private sealed record GrpcCall(string? Status, string? Message);
}
