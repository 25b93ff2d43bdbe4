using System.Text;
using Cilium.Flow;
using NetObs.Hubble.Filtering;
using NetObs.Plugin.Settings;
using NetObs.Query.Model;
using NetObs.Query.Queries;
using NetObs.Query.QueryTypes.Flows;
using NetObs.Query.QueryTypes.ServiceMap;
using NetObs.Query.QueryTypes.Status;
using NetObs.Query.QueryTypes.TimeSeries;
using NetObs.Query.QueryTypes.TopK;
using NetObs.Query.Results;
using NetObs.Query.Variables;
using NetObs.Simulator.Options;

namespace NetObs.Query.Tests;

/// <summary>The engine against the simulator over loopback: each query type gives the numbers the scenario's flows imply.</summary>
public sealed class ScenarioQueryTests
{
    private static async Task<(SimulatedRelay Relay, QueryEngine Engine, QueryWindow Window)> StartAsync(ScenarioSet scenarios)
    {
        var relay = await SimulatedRelay.StartAsync(scenarios);
        var settings = SettingsParser.Parse(relay.Address, default, new Dictionary<string, string>()).Settings!;
        var engine = new QueryEngine(relay.Relay, RelayClientOptions.Limits(settings), QueryEngineOptions.Default with { CacheLifetime = TimeSpan.Zero });

        // A past window: the back-filled history there is fixed while the simulator keeps producing.
        var window = new QueryWindow(relay.Start.AddSeconds(-150), relay.Start.AddSeconds(-30), TimeSpan.FromSeconds(10), 1000);
        return (relay, engine, window);
    }

    private static Task<T> Run<T>(QueryEngine engine, QueryWindow window, string json, QueryTypeRun<T> run)
        where T : QueryResult =>
        engine.RunJsonAsync("A", json, window, run);

    [Fact]
    public async Task Dns_scenario_servfail_share_in_topk_matches_the_served_flows()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.Dns);
        await using var _ = relay;
        var flows = await relay.FlowsAsync(window.From, window.To);
        var responses = flows.Where(f => f.L7?.Dns is not null && f.L7.Type == L7FlowType.Response).ToList();
        var servfail = responses.Count(f => f.L7.Dns.Rcode == 2);
        Assert.True(servfail > 0, "the DNS scenario serves SERVFAIL answers");

        var result = await Run(engine, window, "{\"queryType\":\"topk\",\"filter\":\"--protocol dns\",\"groupBy\":[\"dns_rcode\"],\"k\":10}", TopKQuery.RunAsync);
        var row = result.Rows.Single(r => r.Values[0] == "SERVFAIL");
        Assert.Equal(servfail, row.Count);
        var dnsFlows = flows.Count(f => f.L7?.Dns is not null);
        Assert.Equal(servfail / (double)dnsFlows, row.Share, 9);
        Assert.Equal(dnsFlows, result.TotalFlows);

        var failing = await Run(engine, window, "{\"queryType\":\"topk\",\"filter\":\"--protocol dns\",\"groupBy\":[\"dns_rcode\",\"dns_query\"],\"k\":50}", TopKQuery.RunAsync);
        Assert.Contains(failing.Rows, r => r.Values[0] == "SERVFAIL" && r.Values[1] == Simulator.Scenarios.DnsScenario.ServFailDomain);
    }

    [Fact]
    public async Task L7_scenario_kafka_errors_by_topic_and_code_match_the_served_flows()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.L7);
        await using var _ = relay;
        var kafka = (await relay.FlowsAsync(window.From, window.To)).Where(f => f.L7?.Kafka is not null).ToList();
        var denied = kafka.Count(f => f.L7.Kafka.ErrorCode == Simulator.Scenarios.L7Scenario.TopicAuthorizationFailed);
        Assert.True(denied > 0, "the L7 scenario serves denied Kafka produce requests");

        var result = await Run(engine, window, "{\"queryType\":\"topk\",\"filter\":\"--protocol kafka\",\"groupBy\":[\"kafka_topic\",\"kafka_error_code\"],\"k\":20}", TopKQuery.RunAsync);

        var row = result.Rows.Single(r => r.Values[1] == "29");
        Assert.Equal(Simulator.Scenarios.L7Scenario.DeniedTopic, row.Values[0]);
        Assert.Equal(denied, row.Count);
        Assert.Equal(kafka.Count, result.Rows.Sum(r => r.Count));
        Assert.Contains(result.Rows, r => r.Values[1] == "0");
    }

    [Fact]
    public async Task Drops_scenario_service_map_has_the_policy_drop_edge_from_web_frontend_to_accounts_api()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.Drops);
        await using var _ = relay;
        var result = await Run(engine, window, "{\"queryType\":\"servicemap\",\"nodeKind\":\"workload\"}", ServiceMapQuery.RunAsync);
        var edge = result.Edges.Single(e => e.Source == "banking/web-frontend" && e.Target == "banking/accounts-api");

        // The frontend's node forwards each SYN (egress allowed) and the backend's node drops it (ingress denied).
        var served = (await relay.FlowsAsync(window.From, window.To))
            .Where(f => f.Source?.PodName.StartsWith("web-frontend", StringComparison.Ordinal) == true && f.Destination?.PodName.StartsWith("accounts-api", StringComparison.Ordinal) == true)
            .ToList();
        Assert.Equal(served.Count, edge.Flows);
        Assert.Equal(served.Count(f => f.Verdict == Verdict.Dropped) / (double)served.Count, edge.DropRatio, 9);
        Assert.True(edge.DropRatio >= 0.5);
        Assert.Contains("POLICY_DENIED", edge.DropReasons, StringComparison.Ordinal);
        Assert.NotEmpty(edge.DeniedBy);
        Assert.Contains("8443", edge.Ports, StringComparison.Ordinal);
        var gateway = result.Edges.Single(e => e.Source == "banking/api-gateway" && e.Target == "banking/accounts-api");
        Assert.Equal(0, gateway.DropRatio);
        Assert.True(result.Nodes.Single(n => n.Id == "banking/accounts-api").DroppedShare > 0);
    }

    [Fact]
    public async Task Time_series_by_verdict_adds_up_to_the_served_flows()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.All);
        await using var _ = relay;
        var flows = await relay.FlowsAsync(window.From, window.To);
        var result = await Run(engine, window, "{\"queryType\":\"timeseries\",\"groupBy\":[\"verdict\"]}", TimeSeriesQuery.RunAsync);
        foreach (var verdict in flows.GroupBy(f => ProtoEnumNames.Of(f.Verdict)))
        {
            var series = result.Series.Single(s => s.Labels[0].Value == verdict.Key);
            Assert.Equal(verdict.Count(), series.Values.Sum());
        }

        Assert.Equal(flows.Count, result.Series.Sum(s => s.Values.Sum()));
        Assert.Empty(result.Notices);
    }

    [Fact]
    public async Task Flows_query_returns_the_newest_matching_flows()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.Drops);
        await using var _ = relay;
        var served = (await relay.FlowsAsync(window.From, window.To)).Where(f => f.Verdict == Verdict.Dropped).ToList();
        var result = await Run(engine, window, "{\"queryType\":\"flows\",\"filter\":\"--verdict DROPPED\",\"limit\":25}", FlowsQuery.RunAsync);
        Assert.Equal(25, result.Flows.Count);
        var newest = served.Select(f => f.Time.ToDateTimeOffset()).OrderDescending().First();
        Assert.Equal(newest, DateTimeOffset.FromUnixTimeMilliseconds(result.Flows[0].TimeNs / 1_000_000).AddTicks(result.Flows[0].TimeNs % 1_000_000 / 100));
        Assert.All(result.Flows, f => Assert.Equal(Verdict.Dropped, f.Flow.Verdict));
        Assert.Contains(result.Notices, n => n.Text.Contains("newest 25", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Status_reports_the_relay_buffer_and_nodes()
    {
        var (relay, engine, window) = await StartAsync(ScenarioSet.Background);
        await using var _ = relay;
        var result = await Run(engine, window, "{\"queryType\":\"status\"}", StatusQuery.RunAsync);
        Assert.Equal(3u, result.Status.NumConnectedNodes);
        Assert.True(result.Status.NumFlows > 0);
        Assert.Equal(3, result.Nodes.Count);
    }

    [Fact]
    public async Task Variable_resources_return_what_the_simulator_holds()
    {
        await using var relay = await SimulatedRelay.StartAsync(ScenarioSet.All);
        var variables = new VariableResources(relay.Relay, VariableSampleOptions.Default);
        var flows = await relay.FlowsAsync(relay.Start.AddHours(-1), relay.Start.AddMinutes(1));

        var namespaces = await variables.NamespacesAsync(CancellationToken.None);
        var served = flows.SelectMany(f => new[] { f.Source?.Namespace, f.Destination?.Namespace }).Where(n => !string.IsNullOrEmpty(n)).Distinct().ToList();
        Assert.All(served, ns => Assert.Contains(ns!, namespaces));

        var pods = await variables.PodsAsync("banking", CancellationToken.None);
        Assert.Contains(pods, p => p.StartsWith("accounts-api", StringComparison.Ordinal));
        Assert.Equal(pods.Order(StringComparer.Ordinal), pods);

        var nodes = await variables.NodesAsync(CancellationToken.None);
        Assert.Equal(flows.Select(f => f.NodeName).Distinct().Order(StringComparer.Ordinal), nodes);

        var fqdns = await variables.FqdnsAsync(CancellationToken.None);
        Assert.Contains(Simulator.Scenarios.DnsScenario.ServFailDomain.TrimEnd('.'), fqdns);
        Assert.Contains("io.kubernetes.pod.namespace", await variables.LabelKeysAsync(CancellationToken.None));
        Assert.Contains("banking", await variables.LabelValuesAsync("k8s:io.kubernetes.pod.namespace", CancellationToken.None));
    }
}
