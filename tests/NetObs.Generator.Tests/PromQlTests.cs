using NetObs.Generator.Validation;

namespace NetObs.Generator.Tests;

/// <summary>Every PromQL expression goes through the real Prometheus parser (`promtool check rules`).</summary>
public sealed class PromQlTests
{
    private static PromtoolRunner Promtool() =>
        PromtoolRunner.Find() ?? throw new InvalidOperationException("promtool is not on PATH; install Debian's `prometheus` package (.ci/run does).");

    [Theory]
    [InlineData("")]
    [InlineData("dataplane: cilium\n")]
    [InlineData("dataplane: non-cilium\n")]
    [InlineData("cluster:\n  label: k8s_cluster\nselectors:\n  nodeLabel: node\n  namespaceRegex: \"team-.*|default\"\ndatasources:\n  prometheus:\n    asVariable: false\n")]
    public async Task Every_dashboard_expression_parses_with_promtool(string yaml)
    {
        var expressions = DashboardPromQl.Extract(Generation.RunYaml(yaml)).ToList();
        Assert.True(expressions.Count > 200, $"only {expressions.Count} expressions found");

        var problems = await new PromQlChecker(Promtool()).CheckAsync(expressions, CancellationToken.None);

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public async Task A_broken_expression_is_reported_with_dashboard_panel_and_expression()
    {
        PromQlExpression[] expressions =
        [
            new("D", "Good", "A", "sum(rate(hubble_drop_total{cluster=\"$cluster\"}[$__rate_interval]))"),
            new("Kubernetes / Networking / Test", "Broken Panel", "B", "sum by (reason (rate(hubble_drop_total[$__rate_interval]))"),
        ];

        var problem = Assert.Single(await new PromQlChecker(Promtool()).CheckAsync(expressions, CancellationToken.None));

        Assert.Contains("dashboard 'Kubernetes / Networking / Test', panel 'Broken Panel', B", problem, StringComparison.Ordinal);
        Assert.Contains("parse error", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Grafana_variables_get_sample_values_but_regex_groups_stay()
    {
        var sent = GrafanaVariableSamples.Substitute("label_replace(rate(x{a=~\"$namespace/.+\", n=~\"${nodes}\"}[$__rate_interval]), \"w\", \"$1\", \"a\", \"(.*)\")");

        Assert.Equal("label_replace(rate(x{a=~\"default/.+\", n=~\"(aks-nodepool1-0|aks-nodepool1-1)\"}[1m0s]), \"w\", \"$1\", \"a\", \"(.*)\")", sent);
    }

    [Fact]
    public void Hubble_and_acns_metric_families_are_the_ones_queried()
    {
        // Names from hubble-api.md §6 and dashboards-and-alerts.md §1.1; anything else would show "No data".
        string[] known =
        [
            "hubble_flows_processed_total", "hubble_drop_total", "hubble_tcp_flags_total", "hubble_dns_queries_total", "hubble_dns_responses_total",
            "hubble_http_requests_total", "hubble_http_request_duration_seconds_bucket", "hubble_kafka_requests_total",
            "cilium_forward_count_total", "cilium_forward_bytes_total", "cilium_drop_count_total", "cilium_drop_bytes_total",
            "networkobservability_forward_count", "networkobservability_forward_bytes", "networkobservability_drop_count", "networkobservability_drop_bytes",
            "networkobservability_tcp_state", "networkobservability_tcp_connection_remote", "networkobservability_tcp_connection_stats",
            "networkobservability_udp_connection_stats", "networkobservability_interface_stats",
            "networkobservability_tcp_flag_counters", "networkobservability_tcp_flag_gauges",
        ];
        var used = DashboardPromQl.Extract(Generation.Defaults)
            .SelectMany(e => System.Text.RegularExpressions.Regex.Matches(e.Expression, @"\b(hubble|cilium|networkobservability)_[a-z_]+").Select(m => m.Value))
            .Select(n => n == "networkobservability_tcp_flag_" ? "networkobservability_tcp_flag_counters" : n)
            .ToHashSet();

        Assert.Empty(used.Except(known));
        Assert.Contains("hubble_dns_responses_total", used);
    }
}
