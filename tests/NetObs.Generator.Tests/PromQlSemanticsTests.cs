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

    private static string Expression(string dashboardUid, string panelOrVariable, string? refId = null) =>
        DashboardPromQl.Extract(Generation.Dashboards(Generation.Defaults).Single(d => d.Path == $"dashboards/netobs-{dashboardUid}.json").Dashboard)
            .First(e => e.Panel == panelOrVariable && (refId is null || e.RefId == refId)).Substituted;

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

    private static string TcpFlag(string instance, string source, string destination, string flag) =>
        $"hubble_tcp_flags_total{{cluster=\"aks-prod\", instance=\"{instance}\", source=\"{source}\", destination=\"{destination}\", flag=\"{flag}\", family=\"IPv4\"}}";

    // coredns-x2x9c's SYNs are answered by an in-cluster server (its node names it as destination); coredns-abcde calls
    // the world, whose SYN-ACKs arrive at its node with no pod on either side; only coredns-q8w7z goes unanswered.
    [Fact]
    public Task Missing_syn_acks_flag_only_pods_whose_syns_get_no_answer_from_the_cluster_or_the_world() =>
        AssertEvaluates(
            [
                (TcpFlag(Node, "default/coredns-7db6d8ff4d-x2x9c", "", "SYN"), "0+15x60"),
                (TcpFlag("aks-nodepool1-1", "", "default/coredns-7db6d8ff4d-x2x9c", "SYN-ACK"), "0+15x60"),
                (TcpFlag("aks-nodepool1-1", "default/coredns-7db6d8ff4d-abcde", "", "SYN"), "0+30x60"),
                (TcpFlag("aks-nodepool1-1", "", "", "SYN-ACK"), "0+30x60"),
                (TcpFlag(Node, "default/coredns-7db6d8ff4d-q8w7z", "", "SYN"), "0+15x60"),
            ],
            Expression("pod-flows-workload", "Pods Missing SYN-ACKs (past 10 minutes)"),
            ("{}", 1));

    [Fact]
    public Task Missing_syn_acks_per_pod_are_its_unanswered_syn_rate() =>
        AssertEvaluates(
            [
                (TcpFlag(Node, "default/coredns-7db6d8ff4d-x2x9c", "", "SYN"), "0+15x60"),
                (TcpFlag("aks-nodepool1-1", "default/coredns-7db6d8ff4d-abcde", "", "SYN"), "0+30x60"),
                (TcpFlag("aks-nodepool1-1", "", "", "SYN-ACK"), "0+30x60"),
            ],
            Expression("pod-flows-workload", "Stacked (Total) Missing TCP SYN-ACKs by Source Pod"),
            ($"{{instance=\"{Node}\", source=\"default/coredns-7db6d8ff4d-x2x9c\"}}", 1));

    // Cilium's labels: queries name the asking pod as source, responses the answering server (hubble-api.md, dns handler).
    private static string DnsSeries(string kind, string source, string rcode, string qtypes = "A") =>
        $"hubble_dns_{kind}_total{{cluster=\"aks-prod\", instance=\"{Node}\", source=\"{source}\", destination=\"\", rcode=\"{rcode}\", qtypes=\"{qtypes}\", ips_returned=\"0\", query=\"db.default.svc.cluster.local.\"}}";

    [Fact]
    public Task Requests_missing_response_is_a_percentage_of_rates_per_query_type_without_denied_lookups() =>
        AssertEvaluates(
            [
                (DnsSeries("queries", "default/app-5d9f8c7b6-abcde", ""), "0+30x60"),
                (DnsSeries("queries", "default/app-5d9f8c7b6-abcde", "Policy denied"), "0+30x60"),
                (DnsSeries("responses", "kube-system/coredns-7db6d8ff4d-x2x9c", "No Error"), "0+15x60"),
            ],
            Expression("dns-cluster", "Requests Missing Response %"),
            ("{qtypes=\"A\"}", 50));

    // The workload's missing share is that of the nodes its pods ask from: aks-nodepool1-1, where nobody gets an
    // answer, is left out because the workload (coredns in "default") asks only from aks-nodepool1-0.
    [Fact]
    public Task Workload_missing_responses_are_those_of_the_nodes_its_pods_ask_from() =>
        AssertEvaluates(
            [
                (DnsSeries("queries", "default/coredns-7db6d8ff4d-x2x9c", ""), "0+60x60"),
                (DnsSeries("responses", "kube-system/coredns-7db6d8ff4d-q8w7z", "No Error"), "0+30x60"),
                (DnsSeries("queries", "shop/web-5d9f8c7b6-abcde", "").Replace(Node, "aks-nodepool1-1", StringComparison.Ordinal), "0+60x60"),
            ],
            Expression("dns-workload", "Requests Missing Response %"),
            ("{qtypes=\"A\"}", 50));

    [Fact]
    public Task Dns_errors_leave_out_no_error_responses_as_hubble_writes_them() =>
        AssertEvaluates(
            [
                (DnsSeries("responses", "kube-system/coredns-7db6d8ff4d-x2x9c", "No Error"), "0+15x60"),
                (DnsSeries("responses", "kube-system/coredns-7db6d8ff4d-x2x9c", "Non-Existent Domain", "AAAA"), "0+30x60"),
            ],
            Expression("dns-cluster", "DNS Errors"),
            ("{rcode=\"Non-Existent Domain\", qtypes=\"AAAA\"}", 2));

    // CoreDNS (workload "coredns" in namespace "default" here) serves 10 queries/s and forwards 1/s upstream: the
    // server view shows its responses and the client view its requests, each in its own series (samples every 15 s).
    [Fact]
    public Task Workload_dns_shows_the_server_view_beside_the_client_view() =>
        AssertEvaluates(
            [
                (DnsSeries("queries", "default/coredns-7db6d8ff4d-x2x9c", ""), "0+60x60"),
                (DnsSeries("responses", "default/coredns-7db6d8ff4d-x2x9c", "No Error"), "0+600x60"),
                (DnsSeries("queries", "shop/web-5d9f8c7b6-abcde", ""), "0+600x60"),
            ],
            Expression("dns-workload", "DNS Requests and Responses"),
            ("{}", 4));

    [Fact]
    public Task Workload_dns_server_view_counts_the_responses_the_workload_sent() =>
        AssertEvaluates(
            [
                (DnsSeries("queries", "default/coredns-7db6d8ff4d-x2x9c", ""), "0+60x60"),
                (DnsSeries("responses", "default/coredns-7db6d8ff4d-x2x9c", "No Error"), "0+600x60"),
                (DnsSeries("queries", "shop/web-5d9f8c7b6-abcde", ""), "0+600x60"),
            ],
            Expression("dns-workload", "DNS Requests and Responses", "B"),
            ("{}", 40));

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
