using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetObs.Generator.Tests;

/// <summary>
/// Links between the generated dashboards (dashboard links and panel data links to <c>/d/uid</c>) open a dashboard
/// that is generated, and every variable they set exists there and is taken from one that exists here.
/// </summary>
public sealed partial class DrillDownLinkTests
{
    private static readonly IReadOnlyList<(string Path, JsonObject Dashboard)> Dashboards = [.. Generation.Dashboards(Generation.Defaults)];

    private static string Uid(JsonObject dashboard) => dashboard["uid"]!.GetValue<string>();

    private static HashSet<string> Variables(JsonObject dashboard) =>
        [.. dashboard["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>())];

    /// <summary>Every link to a dashboard: (where it is, its URL, the panel it belongs to or null).</summary>
    private static IEnumerable<(JsonObject Dashboard, string Url, JsonObject? Panel)> Links() =>
        Dashboards.SelectMany(d =>
            d.Dashboard["links"]!.AsArray().Select(l => (d.Dashboard, l!["url"]!.GetValue<string>(), (JsonObject?)null))
                .Concat(Generation.Panels(d.Dashboard).SelectMany(p =>
                    (p["fieldConfig"]?["defaults"]?["links"]?.AsArray() ?? []).Select(l => (d.Dashboard, l!["url"]!.GetValue<string>(), (JsonObject?)p))))
                .Where(l => l.Item2.StartsWith("/d/", StringComparison.Ordinal)));

    [Fact]
    public void Every_link_opens_a_generated_dashboard_and_sets_only_variables_that_exist_on_both_sides()
    {
        var byUid = Dashboards.ToDictionary(d => Uid(d.Dashboard), d => d.Dashboard);
        var links = Links().ToList();

        Assert.True(links.Count > 20, $"only {links.Count} drill-down links");
        foreach (var (source, url, panel) in links)
        {
            var where = $"{Uid(source)} {(panel is null ? "dashboard link" : $"panel '{panel["title"]}'")}: {url}";
            var uid = UidPattern().Match(url).Groups["uid"].Value;
            Assert.True(byUid.TryGetValue(uid, out var target), $"{where} opens '{uid}', which is not generated");
            foreach (Match carried in QueryParamPattern().Matches(url))
            {
                var name = carried.Groups["name"].Value;
                Assert.True(Variables(source).Contains(name), $"{where} carries ${{{name}}}, which {Uid(source)} does not have");
                Assert.True(Variables(target!).Contains(name), $"{where} sets {name}, which {uid} does not have");
            }

            foreach (Match set in VarPattern().Matches(url))
            {
                var name = set.Groups["name"].Value;
                Assert.True(Variables(target!).Contains(name), $"{where} sets var-{name}, which {uid} does not have");
                if (set.Groups["value"].Value.StartsWith("${__field.labels.", StringComparison.Ordinal))
                {
                    var label = set.Groups["value"].Value["${__field.labels.".Length..^1];
                    Assert.All(panel!["targets"]!.AsArray(), t => Assert.Contains($"\"{label}\", \"$1\"", t!["expr"]!.GetValue<string>(), StringComparison.Ordinal));
                }
            }
        }
    }

    [Fact]
    public void Clusters_leads_to_dns_drops_pod_flows_and_l7_keeping_the_cluster()
    {
        var clusters = Dashboards.Single(d => d.Path.EndsWith("netobs-clusters.json", StringComparison.Ordinal)).Dashboard;
        var urls = clusters["links"]!.AsArray().Select(l => l!["url"]!.GetValue<string>()).ToList();

        foreach (var target in new[] { "netobs-dns-cluster", "netobs-drops-workload", "netobs-pod-flows-namespace", "netobs-l7-namespace" })
        {
            Assert.Contains($"/d/{target}?${{cluster:queryparam}}", urls);
        }
    }

    [Theory]
    [InlineData("netobs-pod-flows-namespace.json", "netobs-pod-flows-workload")]
    [InlineData("netobs-l7-namespace.json", "netobs-l7-workload")]
    public void Per_pod_panels_of_namespace_dashboards_open_the_workload_dashboard_with_namespace_and_workload(string file, string target)
    {
        var dashboard = Dashboards.Single(d => d.Path.EndsWith(file, StringComparison.Ordinal)).Dashboard;
        var drills = Links().Where(l => l.Dashboard == dashboard && l.Panel is not null).Select(l => l.Url).ToList();

        Assert.Contains(drills, u => u.StartsWith($"/d/{target}?", StringComparison.Ordinal)
            && u.Contains("${namespace:queryparam}", StringComparison.Ordinal) && u.Contains("var-workload=${__field.labels.workload}", StringComparison.Ordinal));
    }

    [Fact]
    public void Every_dashboard_opens_flow_logs_with_its_scope_and_flow_logs_opens_the_workload_dashboards()
    {
        foreach (var (_, dashboard) in Dashboards.Where(d => Uid(d.Dashboard) != "netobs-flow-logs"))
        {
            var link = Assert.Single(dashboard["links"]!.AsArray(), l => l!["url"]!.GetValue<string>().StartsWith("/d/netobs-flow-logs?", StringComparison.Ordinal))!;
            var carried = QueryParamPattern().Matches(link["url"]!.GetValue<string>()).Select(m => m.Groups["name"].Value).ToHashSet();
            Assert.Equal(Variables(dashboard).Intersect(["cluster", "namespace", "workload"]).ToHashSet(), carried);
        }

        var flowLogs = Dashboards.Single(d => Uid(d.Dashboard) == "netobs-flow-logs").Dashboard;
        var urls = flowLogs["links"]!.AsArray().Select(l => l!["url"]!.GetValue<string>()).ToList();
        foreach (var target in new[] { "netobs-pod-flows-workload", "netobs-drops-workload", "netobs-dns-workload", "netobs-l7-workload" })
        {
            Assert.Contains($"/d/{target}?${{cluster:queryparam}}&${{namespace:queryparam}}&${{workload:queryparam}}", urls);
        }
    }

    [GeneratedRegex(@"^/d/(?<uid>[^?/]+)")]
    private static partial Regex UidPattern();

    [GeneratedRegex(@"\$\{(?<name>[a-z]+):queryparam\}")]
    private static partial Regex QueryParamPattern();

    [GeneratedRegex(@"var-(?<name>[a-z]+)=(?<value>\$\{[^}]+\}|[^&]*)")]
    private static partial Regex VarPattern();
}
