using Scriban;
using Scriban.Runtime;
using Scriban.Syntax;

namespace NetObs.Generator.Templates;

/// <summary>Renders one template in strict mode: an unknown variable, function or member is an error with file:line:col.</summary>
public sealed class TemplateRenderer(TemplateCatalog catalog)
{
    public TemplateCatalog Catalog { get; } = catalog;

    public string Render(string path, ScriptObject model, CancellationToken cancellationToken)
    {
        var context = new TemplateContext
        {
            StrictVariables = true,
            EnableRelaxedMemberAccess = false,
            EnableRelaxedTargetAccess = false,
            TemplateLoader = new TemplateLoader(Catalog.Source),
            MemberRenamer = member => member.Name,
            LoopLimit = 10_000,
            NewLine = "\n",
            CancellationToken = cancellationToken,
        };
        // Includes reuse the templates parsed at start, so an include can never see a different text.
        foreach (var (templatePath, template) in Catalog.All)
        {
            context.CachedTemplates[templatePath] = template;
        }

        context.PushGlobal(model);
        try
        {
            return Catalog[path].Render(context);
        }
        catch (ScriptRuntimeException e)
        {
            var span = e.Span;
            throw new TemplateException([$"{span.FileName}:{span.Start.Line + 1}:{span.Start.Column + 1}: {e.OriginalMessage}"]);
        }
    }
}
