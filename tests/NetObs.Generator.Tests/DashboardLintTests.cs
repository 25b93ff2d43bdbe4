using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetObs.Generator.Tests;

/// <summary>Structural rules in the spirit of grafana/dashboard-linter, checked on every generated dashboard.</summary>
public sealed partial class DashboardLintTests
{
    // Grafana unit ids used by these dashboards; custom units use Grafana's "suffix:" form.
    private static readonly HashSet<string> GrafanaUnits = ["short", "none", "percent", "percentunit", "pps", "Bps", "bps", "ops", "reqps", "s", "ms"];

    public static TheoryData<string> DashboardFiles() => [.. Generation.Dashboards(Generation.Defaults).Select(d => d.Path)];

    private static JsonObject Dashboard(string path) => Generation.Dashboards(Generation.Defaults).Single(d => d.Path == path).Dashboard;

    private static IEnumerable<JsonObject> ContentPanels(JsonObject dashboard) =>
        Generation.Panels(dashboard).Where(p => p["type"]!.GetValue<string>() != "row");

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panel_ids_are_unique(string path)
    {
        var ids = Generation.Panels(Dashboard(path)).Select(p => p["id"]!.GetValue<int>()).ToList();

        Assert.Equal(ids.Count, ids.Distinct().Count());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Grid_positions_do_not_overlap_and_fit_the_grid(string path)
    {
        var boxes = Generation.Panels(Dashboard(path))
            .Select(p => (Title: p["title"]!.GetValue<string>(), G: p["gridPos"]!))
            .Select(p => (p.Title, X: p.G["x"]!.GetValue<int>(), Y: p.G["y"]!.GetValue<int>(), W: p.G["w"]!.GetValue<int>(), H: p.G["h"]!.GetValue<int>()))
            .ToList();

        Assert.All(boxes, b => Assert.True(b.X >= 0 && b.X + b.W <= 24, $"'{b.Title}' leaves the 24-column grid"));
        for (var i = 0; i < boxes.Count; i++)
        {
            for (var j = i + 1; j < boxes.Count; j++)
            {
                var (a, b) = (boxes[i], boxes[j]);
                var overlap = a.X < b.X + b.W && b.X < a.X + a.W && a.Y < b.Y + b.H && b.Y < a.Y + a.H;
                Assert.False(overlap, $"'{a.Title}' and '{b.Title}' overlap");
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Every_panel_has_a_variable_data_source_title_description_and_unit(string path)
    {
        foreach (var panel in ContentPanels(Dashboard(path)))
        {
            var title = panel["title"]?.GetValue<string>();
            Assert.False(string.IsNullOrWhiteSpace(title), $"a panel of {path} has no title");
            Assert.False(string.IsNullOrWhiteSpace(panel["description"]?.GetValue<string>()), $"'{title}' has no description");
            Assert.Matches(@"^\$\{[a-z]+\}$", panel["datasource"]?["uid"]?.GetValue<string>() ?? "");
            var unit = panel["fieldConfig"]?["defaults"]?["unit"]?.GetValue<string>() ?? "";
            Assert.True(GrafanaUnits.Contains(unit) || unit.StartsWith("suffix:", StringComparison.Ordinal), $"'{title}' has unit '{unit}'");
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Rates_use_rate_interval_except_the_fixed_ten_minute_counts(string path)
    {
        foreach (var panel in ContentPanels(Dashboard(path)))
        {
            var title = panel["title"]!.GetValue<string>();
            foreach (var expr in panel["targets"]!.AsArray().Select(t => t?["expr"]?.GetValue<string>()).OfType<string>())
            {
                foreach (Match window in RateWindow().Matches(expr))
                {
                    var allowed = window.Groups["window"].Value == "$__rate_interval"
                        || (window.Groups["window"].Value == "10m" && title.EndsWith("(past 10 minutes)", StringComparison.Ordinal));
                    Assert.True(allowed, $"'{title}' uses [{window.Groups["window"].Value}] in {expr}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Every_variable_is_used_and_refreshes_on_time_change(string path)
    {
        var dashboard = Dashboard(path);
        var variables = dashboard["templating"]!["list"]!.AsArray().Select(v => v!.AsObject()).ToList();
        var withoutTemplating = dashboard.DeepClone().AsObject();
        withoutTemplating.Remove("templating");
        var panelsText = withoutTemplating.ToJsonString();
        var variablesText = string.Join("\n", variables.Select(v => v["query"]?.ToJsonString() ?? ""));

        foreach (var variable in variables)
        {
            var name = variable["name"]!.GetValue<string>();
            var used = new Regex(@"\$(\{" + name + @"[}:]|" + name + @"\b)");
            Assert.True(used.IsMatch(panelsText) || used.IsMatch(variablesText), $"variable '{name}' is never used in {path}");
            if (variable["type"]!.GetValue<string>() == "query")
            {
                Assert.Equal(2, variable["refresh"]!.GetValue<int>());
            }
        }

        // A dashboard that reads only NetObs (Flow Logs) has no Prometheus panel, so no Prometheus variable to pick.
        var prometheus = variables.Where(v => v["type"]!.GetValue<string>() == "datasource" && v["query"]!.GetValue<string>() == "prometheus").ToList();
        if (ContentPanels(dashboard).Any(p => p["datasource"]!["type"]!.GetValue<string>() == "prometheus"))
        {
            var datasource = Assert.Single(prometheus);
            Assert.Equal(("datasource", "Data Source"), (datasource["name"]!.GetValue<string>(), datasource["label"]!.GetValue<string>()));
        }
        else
        {
            Assert.Empty(prometheus);
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Titles_are_unique_within_a_dashboard(string path)
    {
        var duplicates = Generation.Panels(Dashboard(path)).GroupBy(p => p["title"]!.GetValue<string>()).Where(g => g.Count() > 1).Select(g => g.Key).ToList();

        Assert.Empty(duplicates);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Dashboard_is_read_only_titled_and_linked_to_the_others(string path)
    {
        var dashboard = Dashboard(path);

        Assert.False(dashboard["editable"]!.GetValue<bool>());
        Assert.StartsWith("Kubernetes / Networking / ", dashboard["title"]!.GetValue<string>(), StringComparison.Ordinal);
        Assert.Equal($"dashboards/{dashboard["uid"]!.GetValue<string>()}.json", path);
        var links = dashboard["links"]!.AsArray();
        Assert.Contains(links, l => l!["type"]!.GetValue<string>() == "dashboards" && l["keepTime"]!.GetValue<bool>() && l["includeVars"]!.GetValue<bool>());
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Every_dashboard_drills_down_into_netobs_flows_service_map_and_top_talkers(string path)
    {
        var netobs = ContentPanels(Dashboard(path))
            .Where(p => p["datasource"]!["type"]!.GetValue<string>() == "netobs-hubble-datasource")
            .Select(p => (Type: p["type"]!.GetValue<string>(), Title: p["title"]!.GetValue<string>(), Target: p["targets"]![0]!))
            .ToList();

        // The flows themselves as log lines (metric dashboards) or as the flow log table (Flow Logs).
        Assert.Contains(netobs, p => p.Target["queryType"]!.GetValue<string>() == "flows" && p.Type is "logs" or "table");
        Assert.Contains(netobs, p => p.Target["queryType"]!.GetValue<string>() == "servicemap" && p.Type == "nodeGraph");
        Assert.Contains(netobs, p => p.Target["queryType"]!.GetValue<string>() == "topk" && p.Type == "table" && p.Title.StartsWith("Top Talkers", StringComparison.Ordinal));
        Assert.All(netobs, p => Assert.Equal("${netobs}", p.Target["datasource"]!["uid"]!.GetValue<string>()));
        var metricPanels = ContentPanels(Dashboard(path)).Where(p => p["datasource"]!["type"]!.GetValue<string>() == "prometheus").ToList();
        if (metricPanels.Count > 0)
        {
            Assert.Contains(metricPanels, p => p["fieldConfig"]!["defaults"]!["links"]!.AsArray().Any(l => l!["url"]!.GetValue<string>().Contains("/explore?", StringComparison.Ordinal)));
        }
    }

    [Fact]
    public void Workload_filters_match_the_owner_name_not_a_pod_name()
    {
        var workload = Dashboard("dashboards/netobs-pod-flows-workload.json");
        var exprs = ContentPanels(workload).SelectMany(p => p["targets"]!.AsArray()).Select(t => t?["expr"]?.GetValue<string>()).OfType<string>().ToList();

        Assert.All(exprs, e => Assert.Contains("$namespace/$workload(?:", e, StringComparison.Ordinal));
        var variable = workload["templating"]!["list"]!.AsArray().Single(v => v!["name"]!.GetValue<string>() == "workload")!;
        Assert.Contains("label_replace", variable["query"]!.GetValue<string>(), StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Legends_name_only_labels_the_query_groups_by(string path)
    {
        foreach (var panel in ContentPanels(Dashboard(path)))
        {
            foreach (var target in panel["targets"]!.AsArray().Where(t => t?["expr"] is not null))
            {
                var expr = target!["expr"]!.GetValue<string>();
                var grouped = GroupBy().Matches(expr).SelectMany(m => m.Groups["labels"].Value.Split(',', StringSplitOptions.TrimEntries)).ToHashSet();
                foreach (Match label in LegendLabel().Matches(target["legendFormat"]?.GetValue<string>() ?? ""))
                {
                    Assert.True(grouped.Contains(label.Groups["label"].Value), $"'{panel["title"]}' shows {{{{{label.Groups["label"].Value}}}}} but groups by {string.Join(", ", grouped)}: {expr}");
                }
            }
        }
    }

    [Theory]
    [MemberData(nameof(DashboardFiles))]
    public void Panels_titled_top_rank_with_topk(string path)
    {
        foreach (var panel in ContentPanels(Dashboard(path)).Where(p => p["title"]!.GetValue<string>().Contains("Top ", StringComparison.Ordinal)))
        {
            foreach (var expr in panel["targets"]!.AsArray().Select(t => t?["expr"]?.GetValue<string>()).OfType<string>())
            {
                Assert.Contains("topk(10, ", expr, StringComparison.Ordinal);
            }
        }
    }

    [GeneratedRegex(@"\bby \((?<labels>[^)]*)\)")]
    private static partial Regex GroupBy();

    [GeneratedRegex(@"\{\{\s*(?<label>[A-Za-z_][A-Za-z0-9_]*)\s*\}\}")]
    private static partial Regex LegendLabel();

    // A range selector: [$__rate_interval], [5m], ... (regex character classes such as [a-z0-9] do not match).
    [GeneratedRegex(@"\[(?<window>\$\w+|[0-9]+[smhdwy])\]")]
    private static partial Regex RateWindow();
}
