using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>The ARM template and the Bicep file agree, use every parameter, and carry valid Azure rule groups (dashboards-and-alerts.md §6.1).</summary>
public sealed partial class AzureRuleGroupTests
{
    private static JsonNode Arm => JsonNode.Parse(AlertGeneration.Defaults.ArmFile)!;

    [Fact]
    public void Arm_parameters_are_valid_names_and_every_one_is_used()
    {
        var text = AlertGeneration.Defaults.ArmFile;
        var declared = Arm["parameters"]!.AsObject().Select(p => p.Key).ToHashSet();
        var used = ArmParameterUse().Matches(text).Select(m => m.Groups[1].Value).ToHashSet();

        Assert.Equal(["actionGroupResourceId", "azureMonitorWorkspaceResourceId", "clusterName", "clusterResourceId", "location"], declared.Order(StringComparer.Ordinal));
        Assert.All(declared, p => Assert.Matches("^[a-zA-Z][a-zA-Z0-9]{0,254}$", p));
        Assert.Equal(declared.Order(StringComparer.Ordinal), used.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Bicep_declares_the_arm_parameters_with_the_same_types_and_uses_each_one()
    {
        var bicep = AlertGeneration.Defaults.BicepFile;
        var declared = BicepParameter().Matches(bicep).ToDictionary(m => m.Groups["name"].Value, m => m.Groups["type"].Value);
        var arm = Arm["parameters"]!.AsObject().ToDictionary(p => p.Key, p => p.Value!["type"]!.GetValue<string>());

        Assert.Equal(arm.OrderBy(p => p.Key, StringComparer.Ordinal), declared.OrderBy(p => p.Key, StringComparer.Ordinal));
        foreach (var name in declared.Keys)
        {
            var uses = Regex.Matches(bicep, $@"(?<![\w'.]){name}(?![\w'])").Count;
            Assert.True(uses >= 2, $"the Bicep parameter {name} is declared but never used.");
        }

        // Optional parameters have defaults in both forms, required ones in neither.
        Assert.Equal(
            Arm["parameters"]!.AsObject().Where(p => p.Value!["defaultValue"] is not null).Select(p => p.Key).Order(StringComparer.Ordinal),
            BicepParameter().Matches(bicep).Where(m => m.Groups["default"].Success).Select(m => m.Groups["name"].Value).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Arm_resources_are_prometheus_rule_groups_with_workspace_scope_and_converted_rules()
    {
        var resources = Arm["resources"]!.AsArray();
        Assert.Equal(AlertGeneration.Defaults.Rules().Select(r => r.Group).Distinct().Count(), resources.Count);
        foreach (var resource in resources)
        {
            Assert.Equal("Microsoft.AlertsManagement/prometheusRuleGroups", resource!["type"]!.GetValue<string>());
            Assert.Equal("2023-03-01", resource["apiVersion"]!.GetValue<string>());
            Assert.Matches(@"^\[format\('NetObs-[a-z0-9]+-\{0\}', parameters\('clusterName'\)\)\]$", resource["name"]!.GetValue<string>());
            var properties = resource["properties"]!;
            Assert.Contains("parameters('azureMonitorWorkspaceResourceId')", properties["scopes"]!.GetValue<string>(), StringComparison.Ordinal);
            Assert.Equal("[parameters('clusterName')]", properties["clusterName"]!.GetValue<string>());
            Assert.Matches("^PT[0-9]+[HMS]", properties["interval"]!.GetValue<string>());
            var rules = properties["rules"]!.AsArray();
            Assert.InRange(rules.Count, 1, 20);
            foreach (var rule in rules.Where(r => r!["alert"] is not null))
            {
                Assert.Matches("^PT([0-9]+[HMS])+$", rule!["for"]!.GetValue<string>());
                Assert.InRange(rule["severity"]!.GetValue<int>(), 0, 4);
                Assert.Equal("[parameters('actionGroupResourceId')]", rule["actions"]![0]!["actionGroupId"]!.GetValue<string>());
                Assert.NotNull(rule["annotations"]!["runbook_url"]);
                Assert.DoesNotContain("expr", rule.AsObject().Select(p => p.Key));
            }
        }
    }

    [Fact]
    public void Bicep_carries_the_same_rule_groups_and_expressions_as_the_arm_template()
    {
        var bicep = AlertGeneration.Defaults.BicepFile;
        var resources = Arm["resources"]!.AsArray();

        Assert.Equal(resources.Count, Regex.Matches(bicep, @"^resource \w+ 'Microsoft\.AlertsManagement/prometheusRuleGroups@2023-03-01' = \{$", RegexOptions.Multiline).Count);
        foreach (var rule in resources.SelectMany(r => r!["properties"]!["rules"]!.AsArray()))
        {
            // Bicep single-quoted strings escape backslash, quote and newline; '${' would interpolate.
            var expression = rule!["expression"]!.GetValue<string>();
            var quoted = "'" + expression.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("'", "\\'", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal).Replace("${", "\\${", StringComparison.Ordinal) + "'";
            Assert.Contains($"expression: {quoted}\n", bicep, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Severity_labels_map_to_the_configured_azure_levels()
    {
        var generation = AlertGeneration.FromYaml("alerts:\n  azure:\n    severities: {critical: \"1\", warning: \"3\", info: \"4\"}\n");
        var rules = JsonNode.Parse(generation.ArmFile)!["resources"]!.AsArray().SelectMany(r => r!["properties"]!["rules"]!.AsArray()).Where(r => r!["alert"] is not null).ToList();

        Assert.All(rules, r => Assert.Equal(
            r!["labels"]!["severity"]!.GetValue<string>() switch { "critical" => 1, "warning" => 3, _ => 4 },
            r["severity"]!.GetValue<int>()));
        Assert.Contains(rules, r => r!["severity"]!.GetValue<int>() == 1);
    }

    [GeneratedRegex(@"parameters\('([A-Za-z0-9]+)'\)")]
    private static partial Regex ArmParameterUse();

    [GeneratedRegex(@"^param (?<name>\w+) (?<type>\w+)(?<default> = .+)?$", RegexOptions.Multiline)]
    private static partial Regex BicepParameter();
}
