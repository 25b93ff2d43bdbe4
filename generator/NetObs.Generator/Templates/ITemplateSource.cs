namespace NetObs.Generator.Templates;

/// <summary>Where template text comes from: the generator's embedded copy or a repository checkout.</summary>
public interface ITemplateSource
{
    /// <summary>Every template path, e.g. <c>dashboards-templates/dashboards/dns-cluster.sbn</c>, sorted ordinally.</summary>
    IReadOnlyList<string> Paths { get; }

    /// <summary>The text of one template; <paramref name="path"/> is one of <see cref="Paths"/>.</summary>
    string Read(string path);

    /// <summary>Says where templates come from, for messages.</summary>
    string Description { get; }
}
