using Scriban;
using Scriban.Parsing;

namespace NetObs.Generator.Templates;

/// <summary>Every template parsed once at start; any syntax error in any file stops generation with all errors listed.</summary>
public sealed class TemplateCatalog
{
    private readonly Dictionary<string, Template> templates;

    private TemplateCatalog(ITemplateSource source, Dictionary<string, Template> templates)
    {
        Source = source;
        this.templates = templates;
    }

    public ITemplateSource Source { get; }

    /// <summary>Parsed templates by path, in ordinal path order.</summary>
    public IReadOnlyList<string> Paths => [.. templates.Keys.Order(StringComparer.Ordinal)];

    public Template this[string path] => templates.TryGetValue(path, out var template)
        ? template
        : throw new TemplateException([$"{path}:0:0: no such template in {Source.Description}."]);

    /// <summary>Parses every <c>.sbn</c> file of <paramref name="source"/>, reporting every error as file:line:col.</summary>
    public static TemplateCatalog Parse(ITemplateSource source)
    {
        var parsed = new Dictionary<string, Template>(StringComparer.Ordinal);
        var errors = new List<string>();
        foreach (var path in source.Paths.Where(p => p.EndsWith(TemplateRoots.Extension, StringComparison.Ordinal)))
        {
            var template = Template.Parse(source.Read(path), path);
            errors.AddRange(template.Messages.Where(m => m.Type == ParserMessageType.Error).Select(Format));
            parsed[path] = template;
        }

        return errors.Count == 0 ? new TemplateCatalog(source, parsed) : throw new TemplateException(errors);
    }

    /// <summary>Only the templates under <paramref name="folder"/> (e.g. dashboards-templates/dashboards/).</summary>
    public IEnumerable<string> Under(string folder) =>
        Paths.Where(p => p.StartsWith(folder.TrimEnd('/') + "/", StringComparison.Ordinal));

    internal IReadOnlyDictionary<string, Template> All => templates;

    internal static string Format(LogMessage message) =>
        $"{message.Span.FileName}:{message.Span.Start.Line + 1}:{message.Span.Start.Column + 1}: {message.Message}";
}
