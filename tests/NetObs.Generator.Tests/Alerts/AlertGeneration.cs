using NetObs.Generator.Alerts;
using NetObs.Generator.Configuration;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Tests.Alerts;

/// <summary>Renders the repository's templates in memory and gives the alert outputs by name.</summary>
internal sealed class AlertGeneration
{
    private static readonly Lazy<AlertGeneration> DefaultOutput = new(() => new AlertGeneration(new ConfigurationLoader().LoadDefaults()));

    private AlertGeneration(GeneratorConfig config)
    {
        Config = config;
        Files = new GenerationPipeline().Generate(config, TemplateCatalog.Parse(new DirectoryTemplateSource(RepositoryPaths.Root)), CancellationToken.None);
    }

    public static AlertGeneration Defaults => DefaultOutput.Value;

    public GeneratorConfig Config { get; }

    public IReadOnlyList<GeneratedFile> Files { get; }

    public string RuleFile => Text(PrometheusRuleGroups.RulesFile);

    public string OperatorFile => Text(PrometheusRuleGroups.OperatorFile);

    public string ArmFile => Text(AzureRuleGroupsTemplate.ArmFile);

    public string BicepFile => Text(AzureRuleGroupsTemplate.BicepFile);

    public string GrafanaFile => Text(GrafanaAlertingDocument.File);

    public static AlertGeneration FromYaml(string yaml) => new(new ConfigurationLoader().LoadText(yaml, "custom.yaml"));

    public string Text(string path) =>
        Files.SingleOrDefault(f => f.Path == path)?.Content ?? throw new InvalidOperationException($"the generator wrote no {path}.");

    /// <summary>Every rule of the plain rule file as a YAML mapping, with its group's name.</summary>
    public IEnumerable<(string Group, YamlMappingNode Rule)> Rules() =>
        from g in ((YamlSequenceNode)Load(RuleFile)["groups"]).Children.Cast<YamlMappingNode>()
        from r in ((YamlSequenceNode)g["rules"]).Children.Cast<YamlMappingNode>()
        select (Scalar(g, "name"), r);

    public IEnumerable<YamlMappingNode> Alerts() => Rules().Select(r => r.Rule).Where(r => r.Children.ContainsKey("alert"));

    public static YamlMappingNode Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return (YamlMappingNode)stream.Documents[0].RootNode;
    }

    public static string Scalar(YamlNode node, string key) => ((YamlScalarNode)((YamlMappingNode)node)[key]).Value ?? "";

    public static YamlMappingNode Map(YamlNode node, string key) => (YamlMappingNode)((YamlMappingNode)node)[key];
}
