using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Tests;

/// <summary>
/// Every Azure Managed Grafana variant must import through Grafana's import form with only a Prometheus data source.
/// The form (public/app/features/manage-dashboards/import in Grafana) offers a data source picker per
/// <c>__inputs</c> entry of type <c>datasource</c>, filtered by its <c>pluginId</c>, and a text box per <c>constant</c>;
/// Azure Managed Grafana loads no unsigned plugin, so only a Prometheus picker or a constant can be filled there.
/// </summary>
public sealed partial class AzureImportFormTests
{
    public static TheoryData<string> Configurations() => new()
    {
        "",
        "datasources:\n  prometheus:\n    asVariable: false\n    uid: amp\n",
        "datasources:\n  netobs:\n    asVariable: false\n    uid: hubble\n",
    };

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_input_can_be_filled_with_only_a_prometheus_data_source(string yaml)
    {
        foreach (var (path, dashboard) in AzureVariants(yaml))
        {
            var inputs = dashboard["__inputs"]!.AsArray();
            Assert.NotEmpty(inputs);
            foreach (var input in inputs)
            {
                var type = input!["type"]?.GetValue<string>();
                var fillable = type switch
                {
                    "datasource" => input["pluginId"]?.GetValue<string>() == "prometheus",
                    "constant" => !string.IsNullOrEmpty(input["value"]?.GetValue<string>()),
                    _ => false,
                };
                Assert.True(fillable, $"{path}: input {input.ToJsonString()} cannot be filled on the import form with only a Prometheus data source.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_placeholder_names_an_input_or_a_variable(string yaml)
    {
        foreach (var (path, dashboard) in AzureVariants(yaml))
        {
            var known = InputNames(dashboard).Concat(VariableNames(dashboard)).ToHashSet(StringComparer.Ordinal);
            var unknown = Placeholder().Matches(dashboard.ToJsonString())
                .Select(m => m.Groups["name"].Value)
                .Where(name => !name.StartsWith("__", StringComparison.Ordinal) && !known.Contains(name))
                .Distinct()
                .ToList();
            Assert.True(unknown.Count == 0, $"{path}: ${{{string.Join("}, ${", unknown)}}} is neither an input nor a dashboard variable.");
        }
    }

    [Theory]
    [MemberData(nameof(Configurations))]
    public void Every_data_source_reference_goes_through_a_prometheus_input_or_variable(string yaml)
    {
        foreach (var (path, dashboard) in AzureVariants(yaml))
        {
            var inputs = dashboard["__inputs"]!.AsArray()
                .Where(i => i!["type"]?.GetValue<string>() == "datasource")
                .ToDictionary(i => i!["name"]!.GetValue<string>(), i => i!["pluginId"]!.GetValue<string>());
            var variables = Variables(dashboard)
                .Where(v => v["type"]?.GetValue<string>() == "datasource")
                .ToDictionary(v => v["name"]!.GetValue<string>(), v => v["query"]!.GetValue<string>());
            var references = DatasourceReferences(dashboard).ToList();
            Assert.NotEmpty(references);
            foreach (var reference in references)
            {
                var excerpt = reference.ToJsonString();
                Assert.True(reference is JsonObject, $"{path}: data source {excerpt} is a bare name, which the import form does not rebind.");
                var type = reference["type"]?.GetValue<string>();
                var match = WholePlaceholder().Match(reference["uid"]?.GetValue<string>() ?? "");
                Assert.True(match.Success, $"{path}: data source {excerpt} is pinned to a uid that exists only where it was generated.");
                var name = match.Groups["name"].Value;
                var pluginId = inputs.GetValueOrDefault(name) ?? variables.GetValueOrDefault(name);
                Assert.True(pluginId == type && type == "prometheus", $"{path}: data source {excerpt} does not resolve to a Prometheus input or variable.");
            }
        }
    }

    [Fact]
    public void Variants_that_lose_flow_panels_say_so()
    {
        var plain = Generation.Dashboards(Generation.Defaults).ToDictionary(d => Path.GetFileName(d.Path), d => d.Dashboard);
        var variants = AzureVariants("").ToList();
        // Every dashboard with a metric panel has a variant; one that reads only NetObs would import empty.
        var withMetrics = plain.Where(d => Generation.Panels(d.Value).Any(p => p["datasource"]?["type"]?.GetValue<string>() == "prometheus")).Select(d => d.Key).Order(StringComparer.Ordinal);
        Assert.Equal(withMetrics, variants.Select(v => Path.GetFileName(v.Path)).Order(StringComparer.Ordinal));
        Assert.Contains("netobs-flow-logs.json", plain.Keys);
        Assert.DoesNotContain(variants, v => v.Path.EndsWith("netobs-flow-logs.json", StringComparison.Ordinal));
        foreach (var (path, variant) in variants)
        {
            var original = plain[Path.GetFileName(path)];
            var hadNetObs = Generation.Panels(original).Any(p => p.ToJsonString().Contains(TemplateModelBuilder.NetObsPluginId, StringComparison.Ordinal));
            var description = variant["description"]?.GetValue<string>() ?? "";
            Assert.Equal(hadNetObs, description.Contains(AzureImportVariant.FlowPanelsLeftOut, StringComparison.Ordinal));
            var prometheusPanels = Generation.Panels(original).Count(p => p["datasource"]?["type"]?.GetValue<string>() == "prometheus");
            Assert.Equal(prometheusPanels, Generation.Panels(variant).Count(p => p["datasource"]?["type"]?.GetValue<string>() == "prometheus"));
            // An open row followed by another row, or by the end, heads no panel; the appended "row" stands for the end.
            var types = variant["panels"]!.AsArray()
                .Select(p => p!["panels"] is JsonArray { Count: > 0 } ? "collapsed row" : p["type"]!.GetValue<string>())
                .Append("row")
                .ToList();
            Assert.False(types.Zip(types.Skip(1)).Any(pair => pair is ("row", "row")), $"{path}: a row is left with no panels.");
        }
    }

    private static IEnumerable<(string Path, JsonObject Dashboard)> AzureVariants(string yaml) =>
        (yaml.Length == 0 ? Generation.Defaults : Generation.RunYaml(yaml))
            .Where(f => f.Path.StartsWith(AzureImportVariant.OutputFolder + "/", StringComparison.Ordinal))
            .Select(f => (f.Path, JsonNode.Parse(f.Content)!.AsObject()));

    private static IEnumerable<string> InputNames(JsonObject dashboard) =>
        dashboard["__inputs"]!.AsArray().Select(i => i!["name"]!.GetValue<string>());

    private static IEnumerable<JsonObject> Variables(JsonObject dashboard) =>
        dashboard["templating"]?["list"]?.AsArray().Select(v => v!.AsObject()) ?? [];

    private static IEnumerable<string> VariableNames(JsonObject dashboard) =>
        Variables(dashboard).Select(v => v["name"]!.GetValue<string>());

    private static IEnumerable<JsonNode> DatasourceReferences(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject obj:
                if (obj["datasource"] is { } reference)
                {
                    yield return reference;
                }

                foreach (var found in obj.Where(p => p.Key != "datasource").SelectMany(p => DatasourceReferences(p.Value)))
                {
                    yield return found;
                }

                break;
            case JsonArray array:
                foreach (var found in array.SelectMany(DatasourceReferences))
                {
                    yield return found;
                }

                break;
        }
    }

    /// <summary><c>${name}</c>, <c>${name:format}</c> and <c>${name.path}</c>, as Grafana's template service reads them.</summary>
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z0-9_]+)(?:[.:][^}]*)?\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"^\$\{(?<name>[A-Za-z0-9_]+)\}$")]
    private static partial Regex WholePlaceholder();
}
