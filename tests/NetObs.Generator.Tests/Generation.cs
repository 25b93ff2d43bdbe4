using System.Text.Json.Nodes;
using NetObs.Generator.Configuration;
using NetObs.Generator.Output;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Tests;

/// <summary>Runs the generator in memory on the repository's templates, as `generate --templates REPO` does.</summary>
internal static class Generation
{
    private static readonly Lazy<IReadOnlyList<GeneratedFile>> DefaultOutput = new(() => Run(new ConfigurationLoader().LoadDefaults()));

    public static IReadOnlyList<GeneratedFile> Defaults => DefaultOutput.Value;

    public static IReadOnlyList<GeneratedFile> Run(GeneratorConfig config) =>
        new GenerationPipeline().Generate(config, TemplateCatalog.Parse(new DirectoryTemplateSource(RepositoryPaths.Root)), CancellationToken.None);

    public static IReadOnlyList<GeneratedFile> RunYaml(string yaml) => Run(new ConfigurationLoader().LoadText(yaml, "test.yaml"));

    public static IEnumerable<(string Path, JsonObject Dashboard)> Dashboards(IEnumerable<GeneratedFile> files) =>
        files.Where(f => f.Path.StartsWith(DashboardRenderer.OutputFolder + "/", StringComparison.Ordinal))
            .Select(f => (f.Path, JsonNode.Parse(f.Content)!.AsObject()));

    public static IEnumerable<JsonObject> Panels(JsonObject dashboard) => Validation.DashboardPromQl.AllPanels(dashboard);
}
