using Cilium.Flow;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Tests;

public sealed class ScenarioContentTests
{
    private static readonly TimeSpan Span = TimeSpan.FromMinutes(3);

    [Fact]
    public void Dns_scenario_answers_every_rcode_for_its_intended_domains()
    {
        var responses = EngineRun.Flows(ScenarioSet.Dns, Span).Where(f => f.L7?.Dns is not null && f.IsReply == true).Select(f => f.L7.Dns).ToList();

        Assert.Contains(responses, d => d.Rcode == DnsRcodeNames.ServerFailure && d.Query == DnsScenario.ServFailDomain);
        Assert.Contains(responses, d => d.Rcode == DnsRcodeNames.NonExistentDomain && d.Query == DnsScenario.TypoDomain);
        Assert.Contains(responses, d => d.Rcode == DnsRcodeNames.NonExistentDomain && d.Query.EndsWith(".svc.cluster.local.", StringComparison.Ordinal));
        Assert.Contains(responses, d => d.Rcode == DnsRcodeNames.Refused && d.Query == DnsScenario.RefusedDomain);
        Assert.Contains(responses, d => d.Rcode == DnsRcodeNames.NoError && d.Ips.Count > 0);
        Assert.All(responses.Where(d => d.Rcode != 0), d => Assert.Empty(d.Ips));
    }

    [Fact]
    public void Dns_scenario_fails_a_for_one_domain_while_aaaa_works()
    {
        var answers = EngineRun.Flows(ScenarioSet.Dns, Span)
            .Where(f => f.L7?.Dns?.Query == DnsScenario.AFailsAaaaWorksDomain && f.IsReply == true).Select(f => f.L7.Dns).ToList();

        Assert.NotEmpty(answers);
        Assert.All(answers.Where(d => d.Qtypes[0] == "A"), d => Assert.Equal(DnsRcodeNames.ServerFailure, d.Rcode));
        Assert.All(answers.Where(d => d.Qtypes[0] == "AAAA"), d => Assert.Equal(DnsRcodeNames.NoError, d.Rcode));
        Assert.Contains(answers, d => d.Qtypes[0] == "AAAA" && d.Ips.Count > 0);
    }

    [Fact]
    public void Dns_scenario_has_missing_responses_and_slow_answers()
    {
        var slow = EngineRun.Flows(ScenarioSet.Dns, TimeSpan.FromMinutes(5), rate: 150).Where(f => f.L7?.Dns?.Query == DnsScenario.SlowDomain).ToList();
        var requests = slow.Count(f => f.IsReply == false);
        var responses = slow.Where(f => f.IsReply == true).ToList();

        Assert.True(responses.Count < requests, $"{responses.Count} responses for {requests} requests");
        Assert.All(responses, f => Assert.True(f.L7.LatencyNs >= 1_000_000_000ul));
    }

    [Fact]
    public void Dns_records_are_filled_as_the_proxy_reports_them()
    {
        var dns = EngineRun.Flows(ScenarioSet.Dns, Span).Where(f => f.L7?.Dns is not null).ToList();

        Assert.All(dns, f =>
        {
            Assert.Equal(FlowType.L7, f.Type);
            Assert.Equal(129, f.EventType.Type);
            Assert.Equal("proxy", f.L7.Dns.ObservationSource);
            Assert.EndsWith(".", f.L7.Dns.Query, StringComparison.Ordinal);
            Assert.StartsWith(f.IsReply == true ? "DNS Answer " : "DNS Query ", f.Summary, StringComparison.Ordinal);
        });
        Assert.Contains(dns, f => f.Summary.Contains("RCode: Non-Existent Domain", StringComparison.Ordinal));
        Assert.Contains(dns, f => f.Verdict == Verdict.Dropped && f.L7.Dns.Query == DnsScenario.PolicyDeniedDomain);
    }

    [Fact]
    public void Drops_scenario_denies_web_frontend_to_accounts_api_by_policy()
    {
        var drops = EngineRun.Flows(ScenarioSet.Drops, Span).Where(f => f.Verdict == Verdict.Dropped).ToList();
        var denied = drops.Where(f => f.DropReasonDesc == DropReason.PolicyDenied).ToList();

        Assert.NotEmpty(denied);
        Assert.All(denied, f =>
        {
            Assert.Equal("web-frontend", f.Source.Workloads[0].Name);
            Assert.Equal("accounts-api", f.Destination.Workloads[0].Name);
            Assert.Equal("accounts-api-ingress", Assert.Single(f.IngressDeniedBy).Name);
            Assert.Equal(TrafficDirection.Ingress, f.TrafficDirection);
            Assert.Null(f.IsReply);
            Assert.Equal(133u, f.DropReason);
            Assert.Equal(1, f.EventType.Type);
            Assert.Equal(133, f.EventType.SubType);
            Assert.Equal("TCP Flags: SYN", f.Summary);
        });
        Assert.True(denied.Count > drops.Count / 2, "POLICY_DENIED dominates");
        Assert.Contains(drops, f => f.DropReasonDesc == DropReason.PolicyDeny && f.EgressDeniedBy.Count == 1);
        Assert.True(drops.Select(f => f.DropReasonDesc).Distinct().Count() >= 3);
    }

    [Fact]
    public void Tcp_scenario_storms_resets_at_rabbitmq_and_mongodb_inside_its_window()
    {
        var flows = EngineRun.Generate(ScenarioSet.Tcp, TimeSpan.FromMinutes(6), rate: 150);
        bool IsReset(Flow f) => f.L4?.TCP?.Flags?.RST == true;
        bool InStorm(ScheduledFlow f) => f.TimeUnixNanos - EngineRun.Start is >= 120_000_000_000 and < 300_000_000_000;

        var resets = flows.Where(f => IsReset(f.Flow)).ToList();
        var inside = resets.Count(InStorm) / 3.0;
        var outside = resets.Count(f => !InStorm(f)) / 3.0;

        Assert.True(inside > 5 * outside, $"{inside}/min in the storm vs {outside}/min outside");
        Assert.All(resets, f => Assert.True(
            f.Flow.Source.PodName is "rabbitmq-0" or "mongodb-0" || f.Flow.Destination.PodName is "rabbitmq-0" or "mongodb-0"));
        Assert.Contains(resets, f => f.Flow.Source.PodName == "rabbitmq-0");
        Assert.Contains(resets, f => f.Flow.Destination.PodName == "mongodb-0");
    }

    [Fact]
    public void Tcp_scenario_has_syns_without_syn_ack_and_one_hot_pod()
    {
        var flows = EngineRun.Flows(ScenarioSet.Tcp, Span);
        var workerToMongo = flows.Where(f => f.Source.Workloads.FirstOrDefault()?.Name == "virtual-worker").ToList();
        var productFlows = flows.Where(f => f.Destination.Workloads.FirstOrDefault()?.Name == "product-service" && f.L4.TCP.Flags.SYN).ToList();
        var perPod = productFlows.GroupBy(f => f.Destination.PodName).Select(g => g.Count()).OrderDescending().ToList();

        Assert.NotEmpty(workerToMongo);
        Assert.All(workerToMongo, f => Assert.Equal("TCP Flags: SYN", f.Summary));
        Assert.DoesNotContain(flows, f => f.Destination.Workloads.FirstOrDefault()?.Name == "virtual-worker");
        Assert.Equal(3, perPod.Count);
        Assert.True(perPod[0] > 0.6 * perPod.Sum(), "one product-service pod takes most connections");
    }

    [Fact]
    public void L7_scenario_has_http_grpc_and_kafka_with_errors_and_policy_drops()
    {
        var l7 = EngineRun.Flows(ScenarioSet.L7, Span).Where(f => f.L7 is not null).ToList();
        var http = l7.Where(f => f.L7.Http is not null).ToList();
        var codes = http.Where(f => f.L7.Type == L7FlowType.Response).Select(f => f.L7.Http.Code).ToHashSet();
        var kafka = l7.Where(f => f.L7.Kafka is not null).ToList();

        Assert.Contains(codes, c => c is >= 200 and < 300);
        Assert.Contains(codes, c => c is >= 400 and < 500);
        Assert.Contains(codes, c => c >= 500);
        Assert.Contains(http, f => f.L7.Http.Protocol == "HTTP/2" && f.L7.Http.Url.Contains("/payments.v1.PaymentService/", StringComparison.Ordinal));
        Assert.Contains(http, f => f.Verdict == Verdict.Dropped && f.L7.Http.Method == "DELETE" && f.IngressDeniedBy.Count == 1);
        Assert.All(http.Where(f => f.L7.Type == L7FlowType.Response), f => Assert.True(f.L7.LatencyNs > 0));
        Assert.Contains(kafka, f => f.L7.Kafka.ApiKey == "produce" && f.L7.Kafka.Topic == "orders" && f.L7.Kafka.ErrorCode == 0);
        Assert.Contains(kafka, f => f.L7.Kafka.ApiKey == "fetch");
        Assert.All(kafka.Where(f => f.L7.Kafka.Topic == L7Scenario.DeniedTopic), f =>
        {
            Assert.Equal(Verdict.Dropped, f.Verdict);
            Assert.Equal(L7Scenario.TopicAuthorizationFailed, f.L7.Kafka.ErrorCode);
        });
        Assert.Contains(kafka, f => f.Summary.StartsWith("Kafka request produce correlation id ", StringComparison.Ordinal));
    }

    [Fact]
    public void Background_scenario_spans_namespaces_nodes_and_reserved_identities()
    {
        var flows = EngineRun.Flows(ScenarioSet.Background, Span);
        var identities = flows.SelectMany(f => new[] { f.Source.Identity, f.Destination.Identity }).ToHashSet();

        Assert.Contains(1u, identities);
        Assert.Contains(2u, identities);
        Assert.Contains(4u, identities);
        Assert.Contains(7u, identities);
        Assert.True(flows.SelectMany(f => new[] { f.Source.Namespace, f.Destination.Namespace }).Distinct().Count(ns => ns.Length > 0) >= 5);
        Assert.Equal(3, flows.Select(f => f.NodeName).Distinct().Count());
        Assert.All(flows.Where(f => f.Verdict != Verdict.Forwarded), f => Assert.Fail($"background traffic is healthy, got {f.Verdict}"));
    }

    [Fact]
    public void Every_flow_is_filled_like_a_hubble_flow()
    {
        var flows = EngineRun.Flows(ScenarioSet.All, TimeSpan.FromMinutes(1));

        Assert.All(flows, f =>
        {
            Assert.NotNull(f.Time);
            Assert.True(Guid.TryParse(f.Uuid, out _));
            Assert.StartsWith("aks-nodepool1-", f.NodeName, StringComparison.Ordinal);
            Assert.NotEqual(Verdict.Unknown, f.Verdict);
            Assert.NotNull(f.Source);
            Assert.NotNull(f.Destination);
            Assert.NotEqual(0u, f.Source.Identity);
            Assert.NotEqual(0u, f.Destination.Identity);
            Assert.Equal(IPVersion.Ipv4, f.IP.IpVersion);
            Assert.NotEmpty(f.Summary);
            Assert.NotNull(f.EventType);
            Assert.NotEqual(TrafficDirection.Unknown, f.TrafficDirection);
            Assert.NotEmpty(f.NodeLabels);
            if (f.Type == FlowType.L3L4 && f.Verdict == Verdict.Forwarded)
            {
                Assert.NotNull(f.IsReply);
                Assert.NotEqual(TraceObservationPoint.UnknownPoint, f.TraceObservationPoint);
            }

            if (f.Source.PodName.Length > 0)
            {
                Assert.Single(f.Source.Workloads);
                Assert.Contains(f.Source.Labels, l => l.StartsWith("k8s:io.kubernetes.pod.namespace=", StringComparison.Ordinal));
            }
        });
    }
}
