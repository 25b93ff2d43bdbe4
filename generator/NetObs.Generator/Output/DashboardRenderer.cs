using System.Text.Json.Nodes;
using NetObs.Generator.Templates;

namespace NetObs.Generator.Output;

/// <summary>Renders each template under dashboards-templates/dashboards/ into <c>dashboards/&lt;uid&gt;.json</c> and, when it has metric panels, its Azure import variant.</summary>
public sealed class DashboardRenderer : IOutputRenderer
{
    public const string TemplateFolder = TemplateRoots.Dashboards + "/dashboards";
    public const string OutputFolder = "dashboards";

    public IEnumerable<GeneratedFile> Render(GenerationContext context, CancellationToken cancellationToken)
    {
        foreach (var templatePath in context.Renderer.Catalog.Under(TemplateFolder))
        {
            cancellationToken.ThrowIfCancellationRequested();
            var dashboard = CanonicalJson.Parse(context.Render(templatePath, cancellationToken), templatePath).AsObject();
            DashboardLayout.Apply(dashboard, templatePath);
            var uid = dashboard["uid"]?.GetValue<string>();
            if (string.IsNullOrEmpty(uid) || uid.Length > 40)
            {
                throw new TemplateException([$"{templatePath}: the dashboard uid '{uid}' must be 1 to 40 characters; shorten dashboards.uidPrefix."]);
            }

            yield return new GeneratedFile($"{OutputFolder}/{uid}.json", CanonicalJson.Write(dashboard));
            if (AzureImportVariant.AppliesTo(dashboard))
            {
                yield return new GeneratedFile($"{AzureImportVariant.OutputFolder}/{uid}.json", CanonicalJson.Write(AzureImportVariant.From(dashboard, context.Config)));
            }
        }
    }
}
