using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetObs.Generator.Alerts;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>mixtool's alert lint rules, runbooks in sync, golden alert files, and references to dashboards and metrics that exist.</summary>
public sealed partial class AlertRuleTests
{
    private static readonly string RunbookFolder = Path.Combine(RepositoryPaths.Root, "docs", "runbooks");
    private static readonly string GoldenFolder = Path.Combine(RepositoryPaths.Root, "tests", "NetObs.Generator.Tests", "AlertGolden");

    /// <summary>Metric families the rules may read: hubble-api.md §6.1 (Hubble) and §6.2 (ACNS node level, Cilium and Retina).</summary>
    private static readonly HashSet<string> KnownMetrics =
    [
        "hubble_dns_queries_total", "hubble_dns_responses_total", "hubble_drop_total", "hubble_tcp_flags_total",
        "hubble_flows_processed_total", "hubble_http_requests_total", "hubble_kafka_requests_total", "hubble_lost_events_total",
        "cilium_drop_count_total", "cilium_forward_count_total",
        "networkobservability_drop_count", "networkobservability_forward_count", "networkobservability_interface_stats",
    ];

    [Fact]
    public void Alerts_follow_the_mixin_lint_rules()
    {
        var alerts = AlertGeneration.Defaults.Alerts().ToList();
        Assert.True(alerts.Count >= 18, $"only {alerts.Count} alerts");
        foreach (var alert in alerts)
        {
            var name = AlertGeneration.Scalar(alert, "alert");
            Assert.Matches("^[A-Z][a-zA-Z0-9]*$", name);
            Assert.True(name.Length <= 40, $"{name} is longer than 40 characters.");
            Assert.Contains(AlertGeneration.Scalar(AlertGeneration.Map(alert, "labels"), "severity"), new[] { "critical", "warning", "info" });
            var annotations = AlertGeneration.Map(alert, "annotations");
            var summary = AlertGeneration.Scalar(annotations, "summary");
            Assert.DoesNotContain("{{", summary, StringComparison.Ordinal);
            Assert.Matches("^[A-Z].*\\.$", summary);
            Assert.Contains("{{ $labels.", AlertGeneration.Scalar(annotations, "description"), StringComparison.Ordinal);
            Assert.EndsWith($"{name}.md", AlertGeneration.Scalar(annotations, "runbook_url"), StringComparison.Ordinal);
            Assert.StartsWith("/d/netobs-", AlertGeneration.Scalar(annotations, "dashboard_url"), StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Rule_groups_have_short_names_and_at_most_twenty_rules()
    {
        foreach (var group in AlertGeneration.Defaults.Rules().GroupBy(r => r.Group))
        {
            Assert.True(group.Key.Length <= 40, group.Key);
            Assert.InRange(group.Count(), 1, 20);
        }
    }

    [Fact]
    public void Alerts_read_only_the_exact_metric_families_the_simulator_and_acns_export()
    {
        var used = AlertGeneration.Defaults.Rules()
            .SelectMany(r => MetricName().Matches(AlertGeneration.Scalar(r.Rule, "expr")).Select(m => m.Value))
            .ToHashSet();

        Assert.True(used.IsSubsetOf(KnownMetrics), $"unknown metric names: {string.Join(", ", used.Except(KnownMetrics))}");
        Assert.Superset(new HashSet<string> { "hubble_dns_responses_total", "hubble_drop_total", "hubble_tcp_flags_total", "hubble_http_requests_total", "networkobservability_drop_count" }, used);
    }

    [Fact]
    public void Committed_runbooks_match_the_generated_pages()
    {
        var generated = AlertGeneration.Defaults.Files.Where(f => f.Path.StartsWith(RunbookPages.OutputFolder + "/", StringComparison.Ordinal))
            .ToDictionary(f => f.Path[(RunbookPages.OutputFolder.Length + 1)..], f => f.Content);
        if (Environment.GetEnvironmentVariable("NETOBS_UPDATE_RUNBOOKS") == "1")
        {
            Directory.Delete(RunbookFolder, recursive: true);
            Directory.CreateDirectory(RunbookFolder);
            foreach (var (name, content) in generated)
            {
                File.WriteAllText(Path.Combine(RunbookFolder, name), content);
            }
        }

        var committed = Directory.GetFiles(RunbookFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal).ToList();
        Assert.Equal(generated.Keys.Order(StringComparer.Ordinal), committed);
        foreach (var (name, content) in generated)
        {
            Assert.True(File.ReadAllText(Path.Combine(RunbookFolder, name)) == content, $"docs/runbooks/{name} differs from the generated page; rerun the tests with NETOBS_UPDATE_RUNBOOKS=1 and review the diff.");
        }
    }

    [Fact]
    public void Every_alert_including_grafana_flow_rules_has_a_runbook_page()
    {
        var pages = AlertGeneration.Defaults.Files.Select(f => f.Path).ToHashSet();
        var names = AlertGeneration.Defaults.Alerts().Select(a => AlertGeneration.Scalar(a, "alert"))
            .Concat(GrafanaRules(AlertGeneration.Defaults).Select(r => AlertGeneration.Scalar(r, "title")))
            .Distinct().ToList();

        Assert.True(names.Count >= 22, $"only {names.Count} alerts");
        Assert.All(names, n => Assert.Contains($"{RunbookPages.OutputFolder}/{n}.md", pages));
    }

    [Fact]
    public void Default_alert_outputs_match_the_golden_files()
    {
        var files = AlertGeneration.Defaults.Files.Where(f => f.Path.StartsWith("alerts/", StringComparison.Ordinal) && !f.Path.StartsWith(RunbookPages.OutputFolder + "/", StringComparison.Ordinal)).ToList();
        if (Environment.GetEnvironmentVariable("NETOBS_UPDATE_GOLDEN") == "1")
        {
            foreach (var file in files)
            {
                File.WriteAllText(Path.Combine(GoldenFolder, file.Path["alerts/".Length..]), file.Content);
            }
        }

        Assert.Equal(Directory.GetFiles(GoldenFolder).Select(Path.GetFileName).Order(StringComparer.Ordinal), files.Select(f => Path.GetFileName(f.Path)).Order(StringComparer.Ordinal));
        foreach (var file in files)
        {
            Assert.True(File.ReadAllText(Path.Combine(GoldenFolder, file.Path["alerts/".Length..])) == file.Content, $"{file.Path} differs from AlertGolden/; review and rerun with NETOBS_UPDATE_GOLDEN=1.");
        }
    }

    [Fact]
    public void Dashboard_urls_and_runbook_panels_name_generated_dashboards_variables_and_panels()
    {
        var generation = AlertGeneration.Defaults;
        var dashboards = generation.Files.Where(f => f.Path.StartsWith("dashboards/", StringComparison.Ordinal))
            .Select(f => JsonNode.Parse(f.Content)!.AsObject())
            .ToDictionary(d => d["uid"]!.GetValue<string>());
        var annotations = generation.Alerts().Select(a => AlertGeneration.Map(a, "annotations"))
            .Concat(GrafanaRules(generation).Select(r => AlertGeneration.Map(r, "annotations")));
        foreach (var url in annotations.Select(a => AlertGeneration.Scalar(a, "dashboard_url")))
        {
            var match = DashboardUrl().Match(url);
            Assert.True(match.Success, url);
            Assert.True(dashboards.TryGetValue(match.Groups["uid"].Value, out var dashboard), $"{url} names no generated dashboard.");
            var variables = dashboard!["templating"]!["list"]!.AsArray().Select(v => v!["name"]!.GetValue<string>()).ToHashSet();
            Assert.All(match.Groups["var"].Captures.Select(c => c.Value), v => Assert.Contains(v, variables));
        }

        var titles = dashboards.Values.ToDictionary(
            d => d["title"]!.GetValue<string>(),
            d => Validation.DashboardPromQl.AllPanels(d).Select(p => p["title"]?.GetValue<string>()).ToHashSet());
        foreach (var page in generation.Files.Where(f => f.Path.StartsWith(RunbookPages.OutputFolder + "/", StringComparison.Ordinal) && !f.Path.EndsWith("README.md", StringComparison.Ordinal)))
        {
            var panels = RunbookPanel().Matches(page.Content).ToList();
            Assert.True(panels.Count >= 2, $"{page.Path} lists fewer than two panels.");
            foreach (Match panel in panels)
            {
                var dashboardTitle = panel.Groups["dashboard"].Value;
                Assert.True(titles.ContainsKey(dashboardTitle), $"{page.Path}: no dashboard '{dashboardTitle}'.");
                Assert.True(titles[dashboardTitle].Contains(panel.Groups["panel"].Value), $"{page.Path}: '{dashboardTitle}' has no panel '{panel.Groups["panel"].Value}'.");
            }
        }
    }

    internal static IEnumerable<YamlMappingNode> GrafanaRules(AlertGeneration generation) =>
        ((YamlSequenceNode)AlertGeneration.Load(generation.GrafanaFile)["groups"]).Children
            .SelectMany(g => ((YamlSequenceNode)((YamlMappingNode)g)["rules"]).Children.Cast<YamlMappingNode>());

    [GeneratedRegex(@"(?<![:\w])(?:hubble|networkobservability|cilium)_[a-z_]+(?![:\w])")]
    private static partial Regex MetricName();

    [GeneratedRegex(@"^/d/(?<uid>[a-z0-9-]+)(?:\?(?:&?var-(?<var>[a-z]+)=\{\{ \$labels\.[a-z_]+ \| urlquery \}\})+)?$")]
    private static partial Regex DashboardUrl();

    [GeneratedRegex(@"^[0-9]+\. \*\*(?<dashboard>[^*]+)\*\*, panel \*(?<panel>[^*]+)\*:", RegexOptions.Multiline)]
    private static partial Regex RunbookPanel();
}
