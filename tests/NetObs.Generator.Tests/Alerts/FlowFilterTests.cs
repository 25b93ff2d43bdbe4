using System.Text.RegularExpressions;
using NetObs.Generator.Alerts;
using NetObs.Hubble.Filtering;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Flow filters in flow-based rules and runbooks parse with the data source's own `hubble observe` parser.</summary>
public sealed partial class FlowFilterTests
{
    /// <summary>Group-by dimensions of the query model (the contract in DESIGN.md).</summary>
    private static readonly HashSet<string> Dimensions =
    [
        "verdict", "drop_reason", "source_namespace", "destination_namespace", "source_pod", "destination_pod",
        "source_workload", "destination_workload", "source_ip", "destination_ip", "source_identity", "destination_identity",
        "node", "protocol", "source_port", "destination_port", "l7_type", "dns_query", "dns_rcode", "dns_qtype",
        "http_method", "http_status", "http_path", "kafka_topic", "kafka_error_code", "traffic_direction", "tcp_flags", "is_reply",
    ];

    /// <summary>Values an operator would paste for the runbooks' placeholders.</summary>
    private static readonly IReadOnlyDictionary<string, string> Placeholders = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["namespace"] = "shop",
        ["destination_namespace"] = "shop",
        ["source_namespace"] = "shop",
        ["node"] = "aks-nodepool1-0",
        ["drop_reason"] = "STALE_OR_UNROUTABLE_IP",
    };

    [Fact]
    public void Flow_rule_filters_parse_and_group_by_known_dimensions()
    {
        var models = AlertRuleTests.GrafanaRules(AlertGeneration.Defaults)
            .Select(r => AlertGeneration.Map(((YamlSequenceNode)r["data"]).Children[0], "model"))
            .Where(m => m.Children.ContainsKey("queryType"))
            .ToList();

        Assert.NotEmpty(models);
        foreach (var model in models)
        {
            var parsed = ObserveFilterParser.Parse(AlertGeneration.Scalar(model, "filter"));
            Assert.NotEmpty(parsed.Allowlist);
            Assert.All(((YamlSequenceNode)model["groupBy"]).Children.Select(c => ((YamlScalarNode)c).Value ?? ""), d => Assert.Contains(d, Dimensions));
        }
    }

    [Fact]
    public void Runbook_flow_queries_parse_once_the_placeholders_are_filled()
    {
        var pages = AlertGeneration.Defaults.Files.Where(f => f.Path.StartsWith(RunbookPages.OutputFolder + "/", StringComparison.Ordinal) && !f.Path.EndsWith("README.md", StringComparison.Ordinal)).ToList();
        Assert.True(pages.Count >= 22);
        foreach (var page in pages)
        {
            var command = ObserveCommand().Match(page.Content);
            Assert.True(command.Success, $"{page.Path} has no hubble observe command.");
            var filter = Placeholder().Replace(command.Groups["flags"].Value, m => Placeholders.TryGetValue(m.Groups[1].Value, out var value)
                ? value
                : throw new InvalidOperationException($"{page.Path}: no sample for <{m.Groups[1].Value}>"));
            var parsed = ObserveFilterParser.Parse(filter);
            Assert.True(parsed.Allowlist.Count > 0 || parsed.Options.Last is not null, $"{page.Path}: '{filter}' selects nothing.");
        }
    }

    [GeneratedRegex(@"^hubble observe (?<flags>.+)$", RegexOptions.Multiline)]
    private static partial Regex ObserveCommand();

    [GeneratedRegex("<([a-z_]+)>")]
    private static partial Regex Placeholder();
}
