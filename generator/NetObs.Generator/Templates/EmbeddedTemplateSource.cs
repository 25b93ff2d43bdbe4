using System.Reflection;

namespace NetObs.Generator.Templates;

/// <summary>The templates compiled into the generator (EmbeddedResource, LogicalName <c>templates/&lt;path&gt;</c>).</summary>
public sealed class EmbeddedTemplateSource : ITemplateSource
{
    private const string Prefix = "templates/";
    private readonly Assembly assembly;

    public EmbeddedTemplateSource()
        : this(typeof(EmbeddedTemplateSource).Assembly)
    {
    }

    public EmbeddedTemplateSource(Assembly assembly)
    {
        this.assembly = assembly;
        Paths = [.. assembly.GetManifestResourceNames()
            .Where(n => n.StartsWith(Prefix, StringComparison.Ordinal))
            .Select(n => n[Prefix.Length..])
            .Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Paths { get; }

    public string Description => "the templates embedded in the generator";

    public string Read(string path)
    {
        using var stream = assembly.GetManifestResourceStream(Prefix + path)
            ?? throw new FileNotFoundException($"No embedded template '{path}'.", path);
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd().ReplaceLineEndings("\n");
    }
}
