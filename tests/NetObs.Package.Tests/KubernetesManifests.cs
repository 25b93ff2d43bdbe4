using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>The documents of a folder's *.yaml (deploy/kubernetes/base/), read as YAML trees and found by kind and name.</summary>
internal sealed class KubernetesManifests
{
    public KubernetesManifests(string folder)
    {
        Folder = folder;
        foreach (var file in Directory.GetFiles(folder, "*.yaml").Order(StringComparer.Ordinal))
        {
            var stream = new YamlStream();
            using var reader = new StreamReader(file);
            stream.Load(reader);
            Documents.AddRange(stream.Documents.Select(d => (Path.GetFileName(file), (YamlMappingNode)d.RootNode)));
        }
    }

    public string Folder { get; }

    public List<(string File, YamlMappingNode Root)> Documents { get; } = [];

    /// <summary>The Kubernetes objects: every document but kustomize's own file.</summary>
    public IEnumerable<YamlMappingNode> Objects => Documents.Where(d => Text(d.Root, "kind") != "Kustomization").Select(d => d.Root);

    public YamlMappingNode Single(string kind) => Objects.Single(o => Text(o, "kind") == kind);

    public YamlMappingNode Named(string kind, string name) => Objects.Single(o => Text(o, "kind") == kind && Text(o, "metadata", "name") == name);

    /// <summary>The scalar at <paramref name="path"/> (mapping keys, or list indexes as numbers), or null when any step is missing.</summary>
    public static string? Text(YamlNode node, params string[] path) => Find(node, path) is YamlScalarNode scalar ? scalar.Value : null;

    public static YamlNode? Find(YamlNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var step in path)
        {
            current = current switch
            {
                YamlMappingNode mapping when mapping.Children.TryGetValue(new YamlScalarNode(step), out var child) => child,
                YamlSequenceNode sequence when int.TryParse(step, out var index) && index < sequence.Children.Count => sequence.Children[index],
                _ => null,
            };
            if (current is null)
            {
                return null;
            }
        }

        return current;
    }

    public static IReadOnlyList<YamlMappingNode> Items(YamlNode node, params string[] path) =>
        Find(node, path) is YamlSequenceNode sequence ? sequence.Children.Cast<YamlMappingNode>().ToList() : [];

    public static IReadOnlyList<string> Strings(YamlNode node, params string[] path) =>
        Find(node, path) is YamlSequenceNode sequence ? sequence.Children.Select(c => ((YamlScalarNode)c).Value ?? "").ToList() : [];
}
