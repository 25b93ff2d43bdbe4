using NetObs.Generator.Alerts;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>The small pieces the alert writers are built from.</summary>
public sealed class AlertWriterTests
{
    [Theory]
    [InlineData("10m", "PT10M")]
    [InlineData("90s", "PT1M30S")]
    [InlineData("2h", "PT2H")]
    [InlineData("0s", "PT0S")]
    [InlineData("3700s", "PT1H1M40S")]
    public void Prometheus_durations_become_iso8601_for_azure(string duration, string iso)
    {
        Assert.Equal(iso, PrometheusDuration.ToIso8601(duration));
    }

    [Theory]
    [InlineData("sum(a) / sum(b)", "sum(a) / sum(b)")]
    [InlineData("a unless b > 1", "(a unless b > 1)")]
    [InlineData("x or y", "(x or y)")]
    [InlineData("sum by (x) (a{l=\"or\"})", "sum by (x) (a{l=\"or\"})")]
    [InlineData("1 - (a or 0 * b) / c", "1 - (a or 0 * b) / c")]
    public void Operands_get_parentheses_only_when_a_looser_operator_is_at_top_level(string expression, string operand)
    {
        Assert.Equal(operand, PromQlCondition.Operand(expression));
    }

    [Fact]
    public void Guard_applies_only_when_min_rate_is_above_zero()
    {
        Assert.Equal("a / b > 0.1 and b > 0.5", PromQlCondition.Alerting("a / b", 0.1, "b", 0.5));
        Assert.Equal("a / b > 0.1", PromQlCondition.Alerting("a / b", 0.1, "b", 0));
        Assert.Equal("a / b and b > 0.5", PromQlCondition.Query("a / b", "b", 0.5));
    }

    [Fact]
    public void Yaml_writer_round_trips_strings_that_need_quoting()
    {
        string[] values = ["plain text.", "1m", "10", "true", "no", "a: b", "x #y", "{{ $labels.x }}", "say \"hi\"", "it's", "line1\nline2", "ends with space ", "-dash", "", "@at", "%p"];
        var document = new TreeMap();
        for (var i = 0; i < values.Length; i++)
        {
            document[$"k{i}"] = values[i];
        }

        document["list"] = new List<object?> { new TreeMap { { "a", 1 }, { "b", new List<object?> { 0.25 } } }, "x" };
        var stream = new YamlStream();
        stream.Load(new StringReader(YamlTreeWriter.Write(document, "header")));
        var root = (YamlMappingNode)stream.Documents[0].RootNode;

        for (var i = 0; i < values.Length; i++)
        {
            var node = (YamlScalarNode)root[$"k{i}"];
            Assert.Equal(values[i], node.Value);
            // Anything that YAML would read as a number, boolean or null must be quoted.
            if (values[i] is "10" or "true" or "no" or "")
            {
                Assert.NotEqual(YamlDotNet.Core.ScalarStyle.Plain, node.Style);
            }
        }

        var first = (YamlMappingNode)((YamlSequenceNode)root["list"]).Children[0];
        Assert.Equal("0.25", ((YamlScalarNode)((YamlSequenceNode)first["b"]).Children[0]).Value);
    }
}
