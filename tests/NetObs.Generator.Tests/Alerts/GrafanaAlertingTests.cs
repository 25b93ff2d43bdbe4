using NetObs.Generator.Alerts;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Structural checks of the Grafana-managed alert provisioning file.</summary>
public sealed class GrafanaAlertingTests
{
    [Fact]
    public void Rule_uids_are_unique_valid_and_conditions_reference_existing_ref_ids()
    {
        var rules = AlertRuleTests.GrafanaRules(AlertGeneration.Defaults).ToList();
        var uids = rules.Select(r => AlertGeneration.Scalar(r, "uid")).ToList();

        Assert.Equal(uids.Count, uids.Distinct().Count());
        Assert.All(uids, u => Assert.Matches("^[a-zA-Z0-9_-]{1,40}$", u));
        foreach (var rule in rules)
        {
            var data = ((YamlSequenceNode)rule["data"]).Children.Cast<YamlMappingNode>().ToList();
            var refIds = data.Select(d => AlertGeneration.Scalar(d, "refId")).ToList();
            Assert.Equal(refIds.Count, refIds.Distinct().Count());
            Assert.Contains(AlertGeneration.Scalar(rule, "condition"), refIds);
            foreach (var model in data.Select(d => AlertGeneration.Map(d, "model")))
            {
                Assert.Contains(AlertGeneration.Scalar(model, "refId"), refIds);
                if (model.Children.ContainsKey("expression"))
                {
                    Assert.Contains(AlertGeneration.Scalar(model, "expression"), refIds);
                }
            }
        }
    }

    [Theory]
    [InlineData("")]
    [InlineData("datasources:\n  prometheus:\n    uid: amp-west\n  netobs:\n    uid: relay-west\n")]
    public void Data_source_uids_are_the_provisioned_ones(string yaml)
    {
        var generation = yaml.Length == 0 ? AlertGeneration.Defaults : AlertGeneration.FromYaml(yaml);
        var provisioned = ((YamlSequenceNode)AlertGeneration.Load(generation.Text("provisioning/datasources/netobs.yaml"))["datasources"]).Children
            .ToDictionary(d => AlertGeneration.Scalar(d, "type"), d => AlertGeneration.Scalar(d, "uid"));
        var data = AlertRuleTests.GrafanaRules(generation).SelectMany(r => ((YamlSequenceNode)r["data"]).Children).ToList();

        foreach (var item in data)
        {
            var uid = AlertGeneration.Scalar(item, "datasourceUid");
            var type = AlertGeneration.Scalar(AlertGeneration.Map(AlertGeneration.Map(item, "model"), "datasource"), "type");
            Assert.Equal(type == GrafanaAlertingDocument.ExpressionDatasource ? GrafanaAlertingDocument.ExpressionDatasource : provisioned[type], uid);
        }

        Assert.Contains(data, d => AlertGeneration.Scalar(d, "datasourceUid") == provisioned["prometheus"]);
        Assert.Contains(data, d => AlertGeneration.Scalar(d, "datasourceUid") == provisioned["netobs-hubble-datasource"]);
    }

    [Fact]
    public void Prometheus_rules_query_the_value_and_leave_the_threshold_to_grafana()
    {
        var generation = AlertGeneration.Defaults;
        var grafana = AlertRuleTests.GrafanaRules(generation).ToDictionary(r => AlertGeneration.Scalar(r, "title"));
        foreach (var alert in generation.Alerts())
        {
            var name = AlertGeneration.Scalar(alert, "alert");
            var rule = grafana[name];
            var data = ((YamlSequenceNode)rule["data"]).Children.Cast<YamlMappingNode>().ToList();
            var query = AlertGeneration.Scalar(AlertGeneration.Map(data[0], "model"), "expr");
            var threshold = AlertGeneration.Map(data[2], "model");
            var limit = ((YamlScalarNode)((YamlSequenceNode)AlertGeneration.Map((YamlMappingNode)((YamlSequenceNode)threshold["conditions"]).Children[0], "evaluator")["params"]).Children[0]).Value;

            // Prometheus' condition is Grafana's query with the threshold comparison added, and nothing else.
            var expression = AlertGeneration.Scalar(alert, "expr");
            var comparison = expression.IndexOf($" > {limit}", StringComparison.Ordinal);
            Assert.True(comparison > 0, $"{name}: '{expression}' has no '> {limit}'.");
            Assert.Equal(query, expression.Remove(comparison, $" > {limit}".Length));
            Assert.Equal(AlertGeneration.Scalar(alert, "for"), AlertGeneration.Scalar(rule, "for"));
            Assert.Equal(AlertGeneration.Scalar(AlertGeneration.Map(alert, "labels"), "severity"), AlertGeneration.Scalar(AlertGeneration.Map(rule, "labels"), "severity"));
            // Grafana's $value is not a number; the description reads the reduced value instead.
            var description = AlertGeneration.Scalar(AlertGeneration.Map(rule, "annotations"), "description");
            Assert.DoesNotMatch(@"\$value\b(?!s)", description);
        }
    }

    [Fact]
    public void Flow_rules_send_timeseries_queries_to_the_netobs_data_source()
    {
        var flowRules = AlertRuleTests.GrafanaRules(AlertGeneration.Defaults)
            .Where(r => AlertGeneration.Scalar(((YamlSequenceNode)r["data"]).Children[0], "datasourceUid") == AlertGeneration.Defaults.Config.Datasources.Netobs.Uid)
            .ToList();

        Assert.True(flowRules.Count >= 4, $"only {flowRules.Count} flow-based rules");
        foreach (var rule in flowRules)
        {
            var model = AlertGeneration.Map(((YamlSequenceNode)rule["data"]).Children[0], "model");
            Assert.Equal("timeseries", AlertGeneration.Scalar(model, "queryType"));
            Assert.StartsWith("--", AlertGeneration.Scalar(model, "filter"), StringComparison.Ordinal);
            Assert.Equal("rate", AlertGeneration.Scalar(model, "metric"));
            Assert.NotEmpty(((YamlSequenceNode)model["groupBy"]).Children);
            Assert.StartsWith("Flow", AlertGeneration.Scalar(rule, "title"), StringComparison.Ordinal);
        }
    }
}
