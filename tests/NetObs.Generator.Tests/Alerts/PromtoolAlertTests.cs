using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Every emitted rule set goes through the real promtool: syntax (check rules) and behaviour (test rules).</summary>
public sealed partial class PromtoolAlertTests
{
    private static readonly string TestsFolder = Path.Combine(RepositoryPaths.Root, "alerts", "tests");

    [Fact]
    public async Task Prometheus_rule_file_passes_promtool_check_rules()
    {
        using var promtool = new Promtool();

        await promtool.AssertRulesPassAsync("prometheus-rules.yaml", AlertGeneration.Defaults.RuleFile, minimumRules: 18);
    }

    [Fact]
    public async Task Groups_inside_the_PrometheusRule_pass_promtool_check_rules()
    {
        using var promtool = new Promtool();
        var document = AlertGeneration.Load(AlertGeneration.Defaults.OperatorFile);
        Assert.Equal("monitoring.coreos.com/v1", AlertGeneration.Scalar(document, "apiVersion"));
        Assert.Equal("PrometheusRule", AlertGeneration.Scalar(document, "kind"));

        var groups = new YamlMappingNode { { "groups", AlertGeneration.Map(document, "spec")["groups"] } };
        var text = new StringWriter();
        new YamlStream(new YamlDocument(groups)).Save(text, assignAnchors: false);

        await promtool.AssertRulesPassAsync("from-prometheusrule.yaml", text.ToString(), minimumRules: 18);
    }

    [Fact]
    public async Task Groups_inside_the_ARM_template_pass_promtool_check_rules()
    {
        using var promtool = new Promtool();

        await promtool.AssertRulesPassAsync("from-arm.yaml", RuleGroupsFromArm(AlertGeneration.Defaults.ArmFile), minimumRules: 18);
    }

    [Fact]
    public async Task Unit_tests_under_alerts_tests_pass_with_promtool_test_rules()
    {
        using var promtool = new Promtool();
        promtool.Write("prometheus-rules.yaml", AlertGeneration.Defaults.RuleFile);
        var testFiles = Directory.GetFiles(TestsFolder, "*.yaml").Order(StringComparer.Ordinal).ToList();
        Assert.NotEmpty(testFiles);
        foreach (var file in testFiles)
        {
            promtool.Write(Path.GetFileName(file), File.ReadAllText(file));
        }

        var (exitCode, output) = await promtool.RunAsync(["test", "rules", .. testFiles.Select(Path.GetFileName).OfType<string>()]);

        Assert.True(exitCode == 0, output);
        Assert.Equal(testFiles.Count, SuccessLine().Matches(output).Count);
    }

    [Fact]
    public void Every_prometheus_alert_has_a_firing_test_and_at_least_two_quiet_checks()
    {
        var checks = Directory.GetFiles(TestsFolder, "*.yaml")
            .Select(f => AlertGeneration.Load(File.ReadAllText(f)))
            .SelectMany(d => ((YamlSequenceNode)d["tests"]).Children)
            .SelectMany(t => ((YamlMappingNode)t).Children.TryGetValue("alert_rule_test", out var list) ? ((YamlSequenceNode)list).Children : [])
            .Select(c => (Alert: AlertGeneration.Scalar(c, "alertname"), Firing: ((YamlSequenceNode)((YamlMappingNode)c)["exp_alerts"]).Children.Count > 0, Check: (YamlMappingNode)c))
            .ToList();

        foreach (var alert in AlertGeneration.Defaults.Alerts().Select(a => AlertGeneration.Scalar(a, "alert")))
        {
            var firing = checks.Where(c => c.Alert == alert && c.Firing).ToList();
            Assert.True(firing.Count > 0, $"{alert} has no promtool test where it fires.");
            Assert.True(checks.Count(c => c.Alert == alert && !c.Firing) >= 2, $"{alert} needs a healthy and an edge-case check that expect no alert.");
            // Firing expectations must pin the exact labels and all four annotations.
            foreach (var expected in firing.SelectMany(f => ((YamlSequenceNode)f.Check["exp_alerts"]).Children))
            {
                var annotations = AlertGeneration.Map(expected, "exp_annotations").Children.Keys.Select(k => ((YamlScalarNode)k).Value).Order(StringComparer.Ordinal);
                Assert.Equal(["dashboard_url", "description", "runbook_url", "summary"], annotations);
                Assert.Contains("severity", AlertGeneration.Map(expected, "exp_labels").Children.Keys.Select(k => ((YamlScalarNode)k).Value));
            }
        }
    }

    [Fact]
    public async Task Validate_checks_the_alert_rules_with_promtool()
    {
        var checker = new NetObs.Generator.Alerts.AlertRulesChecker(Validation.PromtoolRunner.Find()!);
        var broken = new Output.GeneratedFile(NetObs.Generator.Alerts.PrometheusRuleGroups.RulesFile, "groups:\n  - name: g\n    rules:\n      - alert: Broken\n        expr: sum by (x (up)\n");

        Assert.Empty(await checker.CheckAsync(AlertGeneration.Defaults.Files, CancellationToken.None));
        var problem = Assert.Single(await checker.CheckAsync([broken], CancellationToken.None));
        Assert.Contains("promtool rejects alerts/prometheus-rules.yaml", problem, StringComparison.Ordinal);
        Assert.Contains("parse error", problem, StringComparison.Ordinal);
        Assert.Equal(0, await new Cli.GenerateCommand(TextWriter.Null, TextWriter.Null).RunAsync(["generate", "--validate"], CancellationToken.None));
    }

    /// <summary>Turns the ARM template's rule groups back into a Prometheus rule file (JSON is YAML): expression → expr, ISO-8601 → Prometheus durations.</summary>
    internal static string RuleGroupsFromArm(string armTemplate)
    {
        var template = JsonNode.Parse(armTemplate)!;
        var groups = new JsonArray();
        var index = 0;
        foreach (var resource in template["resources"]!.AsArray())
        {
            var properties = resource!["properties"]!;
            var rules = new JsonArray();
            foreach (var rule in properties["rules"]!.AsArray())
            {
                var converted = new JsonObject();
                foreach (var (key, value) in rule!.AsObject())
                {
                    switch (key)
                    {
                        case "record" or "alert" or "labels" or "annotations":
                            converted[key] = value!.DeepClone();
                            break;
                        case "expression":
                            converted["expr"] = value!.DeepClone();
                            break;
                        case "for":
                            converted["for"] = FromIso8601(value!.GetValue<string>());
                            break;
                    }
                }

                rules.Add(converted);
            }

            groups.Add(new JsonObject { ["name"] = $"arm-{index++}", ["interval"] = FromIso8601(properties["interval"]!.GetValue<string>()), ["rules"] = rules });
        }

        return new JsonObject { ["groups"] = groups }.ToJsonString();
    }

    internal static string FromIso8601(string duration)
    {
        var match = IsoDuration().Match(duration);
        Assert.True(match.Success, $"'{duration}' is not an ISO-8601 duration of hours, minutes and seconds.");
        var seconds = (Number(match, "h") * 3600) + (Number(match, "m") * 60) + Number(match, "s");
        return $"{seconds}s";
    }

    private static int Number(Match match, string group) =>
        match.Groups[group].Success ? int.Parse(match.Groups[group].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex("^PT(?:(?<h>[0-9]+)H)?(?:(?<m>[0-9]+)M)?(?:(?<s>[0-9]+)S)?$")]
    private static partial Regex IsoDuration();

    [GeneratedRegex(@"^\s*SUCCESS\s*$", RegexOptions.Multiline)]
    private static partial Regex SuccessLine();
}
