using Scriban;
using Scriban.Parsing;
using Scriban.Runtime;
using Scriban.Syntax;

namespace NetObs.Generator.Templates;

/// <summary>Resolves <c>include</c> names inside the including template's root folder and refuses anything outside it.</summary>
public sealed class TemplateLoader(ITemplateSource source) : ITemplateLoader
{
    /// <summary>
    /// An include name is relative to the root folder of the template that includes it
    /// (<c>include 'partials/panels.sbn'</c> from dashboards-templates/ means dashboards-templates/partials/panels.sbn).
    /// </summary>
    public string GetPath(TemplateContext context, SourceSpan callerSpan, string templateName)
    {
        var root = RootOf(callerSpan.FileName);
        return Resolve(root, templateName) ?? throw new ScriptRuntimeException(callerSpan,
            $"include '{templateName}' is refused: template names are relative paths inside {root}/ without '..', '\\' or a leading '/'.");
    }

    public string Load(TemplateContext context, SourceSpan callerSpan, string templatePath)
    {
        if (!source.Paths.Contains(templatePath, StringComparer.Ordinal))
        {
            throw new ScriptRuntimeException(callerSpan, $"include '{templatePath}' names no template in {source.Description}.");
        }

        return source.Read(templatePath);
    }

    public ValueTask<string?> LoadAsync(TemplateContext context, SourceSpan callerSpan, string templatePath) =>
        new(Load(context, callerSpan, templatePath));

    /// <summary>The full template path of <paramref name="name"/> inside <paramref name="root"/>, or null when it would leave the root.</summary>
    public static string? Resolve(string root, string name)
    {
        if (string.IsNullOrWhiteSpace(name) || name.StartsWith('/') || name.Contains('\\') || name.Contains(':'))
        {
            return null;
        }

        var segments = name.Split('/');
        if (segments.Any(s => s is "" or "." or ".."))
        {
            return null;
        }

        return $"{root}/{name}";
    }

    private static string RootOf(string? callerPath)
    {
        var first = callerPath?.Split('/')[0];
        return TemplateRoots.All.FirstOrDefault(r => r == first) ?? TemplateRoots.Dashboards;
    }
}
