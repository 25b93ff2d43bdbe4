using System.Text.Json.Nodes;
using NetObs.Generator.Configuration;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Settings under alerts: reach every output, and the changed rules still pass promtool.</summary>
public sealed class AlertConfigurationTests
{
    private const string Custom = """
        cluster:
          label: k8s_cluster
        selectors:
          nodeLabel: node
        alerts:
          namePrefix: Acns
          clusterRegex: "aks-prod-.*"
          namespaceRegex: "shop|pay"
          rateWindow: 10m
          runbookBaseUrl: https://runbooks.example.com/netobs/
          extraLabels: {team: platform}
          rules:
            dnsErrorRatioHigh: {threshold: 0.25, minRate: 2, severity: critical, for: 15m}
            l7PolicyDrops: {enabled: false}
        """;

    [Fact]
    public async Task Custom_thresholds_and_selectors_change_the_expressions_and_still_pass_promtool()
    {
        var custom = AlertGeneration.FromYaml(Custom);
        var alert = custom.Alerts().Single(a => AlertGeneration.Scalar(a, "alert") == "AcnsDnsErrorRatioHigh");
        var expression = AlertGeneration.Scalar(alert, "expr");
        var defaultExpression = AlertGeneration.Scalar(AlertGeneration.Defaults.Alerts().Single(a => AlertGeneration.Scalar(a, "alert") == "DnsErrorRatioHigh"), "expr");

        Assert.NotEqual(defaultExpression, expression);
        Assert.Contains("> 0.25 and", expression, StringComparison.Ordinal);
        Assert.EndsWith("> 2", expression, StringComparison.Ordinal);
        // DNS responses name the server, so DNS alerts group by the asking pods' node; namespace-grouped alerts take the regex.
        Assert.Contains("sum by (k8s_cluster, node)", expression, StringComparison.Ordinal);
        var resets = AlertGeneration.Scalar(custom.Alerts().Single(a => AlertGeneration.Scalar(a, "alert") == "AcnsTcpResetRateHigh"), "expr");
        Assert.Contains("sum by (k8s_cluster, namespace)", resets, StringComparison.Ordinal);
        Assert.Contains("namespace=~\"shop|pay\"", resets, StringComparison.Ordinal);
        Assert.Equal("15m", AlertGeneration.Scalar(alert, "for"));
        Assert.Equal("critical", AlertGeneration.Scalar(AlertGeneration.Map(alert, "labels"), "severity"));
        Assert.Equal("platform", AlertGeneration.Scalar(AlertGeneration.Map(alert, "labels"), "team"));
        Assert.Equal("https://runbooks.example.com/netobs/AcnsDnsErrorRatioHigh.md", AlertGeneration.Scalar(AlertGeneration.Map(alert, "annotations"), "runbook_url"));
        var rules = custom.Rules().Select(r => AlertGeneration.Scalar(r.Rule, "expr")).ToList();
        Assert.All(rules.Where(r => r.Contains("rate(", StringComparison.Ordinal)), r => Assert.Contains("[10m]", r, StringComparison.Ordinal));
        Assert.All(rules.Where(r => r.Contains("rate(hubble_", StringComparison.Ordinal)), r => Assert.Contains("k8s_cluster=~\"aks-prod-.*\"", r, StringComparison.Ordinal));
        Assert.Contains(custom.Rules(), r => AlertGeneration.Scalar(r.Rule, "expr").Contains("sum by (k8s_cluster, node, reason)", StringComparison.Ordinal));
        Assert.Contains(custom.Rules(), r => r.Rule.Children.ContainsKey("record") && AlertGeneration.Scalar(r.Rule, "record") == "namespace:hubble_drop:rate10m");

        using var promtool = new Promtool();
        await promtool.AssertRulesPassAsync("custom-rules.yaml", custom.RuleFile, minimumRules: 18);
        await promtool.AssertRulesPassAsync("custom-arm.yaml", PromtoolAlertTests.RuleGroupsFromArm(custom.ArmFile), minimumRules: 18);
    }

    [Fact]
    public void Disabled_rules_are_left_out_of_every_output_but_keep_their_runbook()
    {
        var custom = AlertGeneration.FromYaml(Custom);

        Assert.DoesNotContain("AcnsL7PolicyDrops", custom.RuleFile, StringComparison.Ordinal);
        Assert.DoesNotContain("AcnsL7PolicyDrops", custom.OperatorFile, StringComparison.Ordinal);
        Assert.DoesNotContain("AcnsL7PolicyDrops", custom.ArmFile, StringComparison.Ordinal);
        Assert.DoesNotContain("AcnsL7PolicyDrops", custom.BicepFile, StringComparison.Ordinal);
        Assert.DoesNotContain("AcnsL7PolicyDrops", custom.GrafanaFile, StringComparison.Ordinal);
        Assert.Contains("Not emitted", custom.Text("alerts/runbooks/AcnsL7PolicyDrops.md"), StringComparison.Ordinal);
        Assert.Contains("AcnsHttp5xxRatioHigh", custom.RuleFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Cilium_data_plane_drops_the_retina_only_rules_and_families()
    {
        var cilium = AlertGeneration.FromYaml("dataplane: cilium\n");

        Assert.DoesNotContain("InterfaceDropsHigh", cilium.RuleFile, StringComparison.Ordinal);
        Assert.DoesNotContain("networkobservability_", cilium.RuleFile, StringComparison.Ordinal);
        Assert.Contains("cilium_drop_count_total", cilium.RuleFile, StringComparison.Ordinal);
        Assert.Contains("InterfaceDropsHigh", AlertGeneration.Defaults.RuleFile, StringComparison.Ordinal);
    }

    [Fact]
    public void Operator_metadata_comes_from_the_configuration()
    {
        var generation = AlertGeneration.FromYaml("alerts:\n  prometheusRule:\n    namespace: observability\n    labels: {release: kube-prometheus-stack}\n");
        var metadata = AlertGeneration.Map(AlertGeneration.Load(generation.OperatorFile), "metadata");

        Assert.Equal("observability", AlertGeneration.Scalar(metadata, "namespace"));
        Assert.Equal("kube-prometheus-stack", AlertGeneration.Scalar(AlertGeneration.Map(metadata, "labels"), "release"));
        Assert.Equal("netobs-network", AlertGeneration.Scalar(metadata, "name"));
    }

    [Fact]
    public void Unknown_alert_in_the_configuration_names_file_line_and_the_alerts_that_exist()
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() =>
            new ConfigurationLoader().LoadText("alerts:\n  rules:\n    dnsErrorRatioHihg: {threshold: 0.2}\n", "netobs.yaml")).Errors);

        Assert.Equal(("netobs.yaml", 3L, 5L), (error.File, error.Line, error.Column));
        Assert.Contains("unknown key 'dnsErrorRatioHihg' in 'alerts.rules'", error.Message, StringComparison.Ordinal);
        Assert.Contains("dnsErrorRatioHigh", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("alerts:\n  rules:\n    tcpResetRateHigh: {severity: page}\n", "critical, warning, info")]
    [InlineData("alerts:\n  rateWindow: five\n", "a Prometheus duration such as 5m")]
    [InlineData("alerts:\n  namespaceRegex: \"(shop\"\n", "not a valid regular expression")]
    [InlineData("alerts:\n  azure:\n    severities: {critical: \"7\"}\n", "0, 1, 2, 3 or 4")]
    public void Invalid_alert_settings_are_errors_that_say_what_is_allowed(string yaml, string allowed)
    {
        var error = Assert.Single(Assert.Throws<ConfigurationException>(() => new ConfigurationLoader().LoadText(yaml, "netobs.yaml")).Errors);

        Assert.Contains(allowed, error.Message, StringComparison.Ordinal);
        Assert.True(error.Line >= 2);
    }

    [Fact]
    public void Azure_rule_group_names_follow_the_prefix_and_the_cluster_parameter()
    {
        var generation = AlertGeneration.FromYaml("alerts:\n  azure:\n    ruleGroupPrefix: Contoso-Net\n");
        var names = JsonNode.Parse(generation.ArmFile)!["resources"]!.AsArray().Select(r => r!["name"]!.GetValue<string>()).ToList();

        Assert.Contains("[format('Contoso-Net-dns-{0}', parameters('clusterName'))]", names);
        Assert.Contains("name: 'Contoso-Net-dns-${clusterName}'", generation.BicepFile, StringComparison.Ordinal);
    }
}
