using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>docker-compose.yaml and the files it names, read as YAML trees.</summary>
internal sealed class ComposeFile
{
    public ComposeFile(string root)
    {
        Root = root;
        Document = Load(Path.Combine(root, "docker-compose.yaml"));
    }

    public string Root { get; }

    public YamlMappingNode Document { get; }

    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return (YamlMappingNode)stream.Documents.Single().RootNode;
    }

    public YamlMappingNode Service(string name) =>
        (YamlMappingNode)((YamlMappingNode)Document["services"])[name];

    public static string Scalar(YamlNode node, params string[] path)
    {
        foreach (var key in path)
        {
            node = ((YamlMappingNode)node)[key];
        }

        return ((YamlScalarNode)node).Value ?? "";
    }

    public static IReadOnlyList<string> Sequence(YamlNode node, string key) =>
        ((YamlSequenceNode)((YamlMappingNode)node)[key]).Select(n => ((YamlScalarNode)n).Value ?? "").ToList();

    /// <summary>The service's volumes as (host path, container path) pairs, read-only flags dropped.</summary>
    public IReadOnlyList<(string Host, string Container)> Volumes(string service) =>
        Sequence(Service(service), "volumes")
            .Select(v => v.Split(':'))
            .Select(parts => (parts[0], parts[1]))
            .ToList();
}
