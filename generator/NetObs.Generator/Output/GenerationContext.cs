using NetObs.Generator.Configuration;
using NetObs.Generator.Templates;
using Scriban.Runtime;

namespace NetObs.Generator.Output;

/// <summary>What every renderer gets: the configuration, the parsed templates, and a fresh template model per render.</summary>
public sealed class GenerationContext(GeneratorConfig config, TemplateRenderer renderer)
{
    private readonly TemplateModelBuilder modelBuilder = new();

    public GeneratorConfig Config { get; } = config;

    public TemplateRenderer Renderer { get; } = renderer;

    /// <summary>A new model each time, so nothing one template assigns leaks into the next.</summary>
    public ScriptObject NewModel() => modelBuilder.Build(Config);

    /// <summary>Renders <paramref name="templatePath"/> with a fresh model.</summary>
    public string Render(string templatePath, CancellationToken cancellationToken) =>
        Renderer.Render(templatePath, NewModel(), cancellationToken);
}
