using NetObs.Generator.Configuration;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Output;

/// <summary>Configuration + templates → every output file, in memory, sorted by path; writing is separate.</summary>
public sealed class GenerationPipeline(IReadOnlyList<IOutputRenderer> renderers)
{
    public GenerationPipeline()
        : this(OutputRenderers.All)
    {
    }

    public IReadOnlyList<GeneratedFile> Generate(GeneratorConfig config, TemplateCatalog catalog, CancellationToken cancellationToken)
    {
        var context = new GenerationContext(config, new TemplateRenderer(catalog));
        var files = renderers.SelectMany(r => r.Render(context, cancellationToken)).ToList();
        var duplicate = files.GroupBy(f => f.Path, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new TemplateException([$"two outputs would both be written to '{duplicate.Key}'; give the dashboards distinct uids."]);
        }

        return [.. files.OrderBy(f => f.Path, StringComparer.Ordinal)];
    }
}
