using NetObs.Generator.Templates;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace NetObs.Generator.Output;

/// <summary>Renders dashboards-templates/provisioning/**.sbn into <c>provisioning/...</c> (the template path minus .sbn), checking each is YAML.</summary>
public sealed class ProvisioningRenderer : IOutputRenderer
{
    public const string TemplateFolder = TemplateRoots.Dashboards + "/provisioning";

    public IEnumerable<GeneratedFile> Render(GenerationContext context, CancellationToken cancellationToken)
    {
        foreach (var templatePath in context.Renderer.Catalog.Under(TemplateFolder))
        {
            var text = context.Render(templatePath, cancellationToken).ReplaceLineEndings("\n");
            try
            {
                new YamlStream().Load(new StringReader(text));
            }
            catch (YamlException e)
            {
                throw new TemplateException([$"{templatePath}: the rendered output is not valid YAML at output line {e.Start.Line}, column {e.Start.Column}: {e.Message}"]);
            }

            var relative = templatePath[(TemplateFolder.Length + 1)..^TemplateRoots.Extension.Length];
            yield return new GeneratedFile($"provisioning/{relative}", text.TrimEnd('\n') + "\n");
        }
    }
}
