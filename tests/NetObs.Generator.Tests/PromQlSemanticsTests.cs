using NetObs.Generator.Validation;

namespace NetObs.Generator.Tests;

/// <summary>
/// The generated queries compute what their titles say, evaluated by Prometheus' engine (`promtool test rules`)
/// on synthetic Hubble series, with Grafana's variables set to namespace "default", workload "coredns",
/// cluster "aks-prod".
/// </summary>
public sealed class PromQlSemanticsTests
{
    private const string Node = "aks-nodepool1-0";

    private static string Expression(string dashboardUid, string panelOrVariable) =>
        DashboardPromQl.Extract(Generation.Dashboards(Generation.Defaults).Single(d => d.Path == $"dashboards/netobs-{dashboardUid}.json").Dashboard)
            .First(e => e.Panel == panelOrVariable).Substituted;

    private static string Flow(string source, string destination, string verdict = "FORWARDED") =>
        $"hubble_flows_processed_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"{source}\", destination=\"{destination}\", protocol=\"TCP\", type=\"Trace\", subtype=\"to-stack\", verdict=\"{verdict}\"}}";

    private static async Task AssertEvaluates(IReadOnlyList<(string, string)> series, string expression, params (string, double)[] expected)
    {
        var (exitCode, output) = await PromtoolUnitTest.RunAsync(series, expression, expected);
        Assert.True(exitCode == 0, $"promtool test rules failed for {expression}:\n{output}");
    }

    [Fact]
    public Task Workload_variable_lists_owner_names_of_deployment_daemonset_and_statefulset_pods() =>
        AssertEvaluates(
            [
                (Flow("default/coredns-7db6d8ff4d-x2x9c", ""), "0+15x60"),
                (Flow("default/coredns-7db6d8ff4d-q8w7z", ""), "0+15x60"),
                (Flow("", "default/kube-proxy-k2j4d"), "0+15x60"),
                (Flow("default/web-0", ""), "0+15x60"),
                (Flow("other/coredns-7db6d8ff4d-aaaaa", ""), "0+15x60"),
            ],
            Expression("pod-flows-workload", "variable workload"),
            ("{workload=\"coredns\"}", 2), ("{workload=\"kube-proxy\"}", 1), ("{workload=\"web\"}", 1));

    [Fact]
    public Task Workload_panels_count_the_owners_pods_and_not_a_longer_named_workload() =>
        AssertEvaluates(
            [
                (Flow("default/coredns-7db6d8ff4d-x2x9c", ""), "0+15x60"),
                (Flow("default/coredns-7db6d8ff4d-q8w7z", ""), "0+15x60"),
                (Flow("default/coredns-extra-5d9f8c7b6-abcde", ""), "0+150x60"),
                (Flow("default/coredns-7db6d8ff4d-x2x9c", "", "DROPPED"), "0+150x60"),
            ],
            Expression("pod-flows-workload", "Max Outgoing Traffic"),
            ("{}", 2));

    [Fact]
    public Task Missing_syn_acks_count_pods_whose_syns_get_no_answer_even_without_any_syn_ack_series() =>
        AssertEvaluates(
            [
                ($"hubble_tcp_flags_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"default/coredns-7db6d8ff4d-x2x9c\", destination=\"\", flag=\"SYN\", family=\"IPv4\"}}", "0+15x60"),
                ($"hubble_tcp_flags_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"\", destination=\"default/coredns-7db6d8ff4d-x2x9c\", flag=\"SYN-ACK\", family=\"IPv4\"}}", "0+15x60"),
                ($"hubble_tcp_flags_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"default/coredns-7db6d8ff4d-q8w7z\", destination=\"\", flag=\"SYN\", family=\"IPv4\"}}", "0+15x60"),
            ],
            Expression("pod-flows-workload", "Pods Missing SYN-ACKs (past 10 minutes)"),
            ("{}", 1));

    [Fact]
    public Task Requests_missing_response_is_a_percentage_of_rates_per_query_type() =>
        AssertEvaluates(
            [
                ($"hubble_dns_queries_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"default/app-5d9f8c7b6-abcde\", destination=\"\", rcode=\"\", qtypes=\"A\", ips_returned=\"0\", query=\"db.default.svc.cluster.local.\"}}", "0+30x60"),
                ($"hubble_dns_responses_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"\", destination=\"default/app-5d9f8c7b6-abcde\", rcode=\"No Error\", qtypes=\"A\", ips_returned=\"1\", query=\"db.default.svc.cluster.local.\"}}", "0+15x60"),
            ],
            Expression("dns-cluster", "Requests Missing Response %"),
            ("{qtypes=\"A\"}", 50));

    [Fact]
    public Task Dns_errors_leave_out_no_error_responses_as_hubble_writes_them() =>
        AssertEvaluates(
            [
                ($"hubble_dns_responses_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"\", destination=\"default/app-5d9f8c7b6-abcde\", rcode=\"No Error\", qtypes=\"A\", ips_returned=\"1\", query=\"a.\"}}", "0+15x60"),
                ($"hubble_dns_responses_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"\", destination=\"default/app-5d9f8c7b6-abcde\", rcode=\"Non-Existent Domain\", qtypes=\"AAAA\", ips_returned=\"0\", query=\"b.\"}}", "0+30x60"),
            ],
            Expression("dns-cluster", "DNS Errors"),
            ("{rcode=\"Non-Existent Domain\", qtypes=\"AAAA\"}", 2));

    [Fact]
    public Task Node_drops_on_a_cilium_cluster_match_its_upper_case_direction() =>
        AssertEvaluates(
            [
                ($"cilium_drop_count_total{{cluster=\"aks-prod\", instance=\"{Node}\", direction=\"EGRESS\", reason=\"Policy denied\"}}", "0+15x60"),
                ($"cilium_drop_count_total{{cluster=\"aks-prod\", instance=\"{Node}\", direction=\"INGRESS\", reason=\"Policy denied\"}}", "0+150x60"),
            ],
            Expression("clusters", "Packets Dropped - Egress"),
            ("{}", 1));
}
