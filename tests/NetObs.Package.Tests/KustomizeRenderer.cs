using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>
/// Renders a kustomization folder as <c>kubectl apply -k</c> would, for the few features deploy/kubernetes/ uses:
/// resources (files and folders), namespace, configMapGenerator literals, and patches that are strategic merges
/// (with <c>$patch: delete</c>) or JSON patches (test, replace). The tests cannot rely on kustomize itself: Debian's
/// kubectl (kubernetes-client 1.20) embeds kustomize 2.0.3, which predates the <c>patches</c> field. Any other field
/// throws, so a manifest that starts using one fails here instead of being rendered wrongly.
/// </summary>
/// <remarks>Generated ConfigMaps keep their plain name: kustomize's hash suffix renames the object and its references alike.</remarks>
internal static class KustomizeRenderer
{
    private static readonly HashSet<string> KnownFields = new(StringComparer.Ordinal)
    {
        "apiVersion", "kind", "namespace", "resources", "configMapGenerator", "patches",
    };

    // The strategic-merge keys of the lists these manifests patch (Kubernetes' patchMergeKey); other lists are replaced.
    private static readonly Dictionary<string, string> MergeKeys = new(StringComparer.Ordinal)
    {
        ["containers"] = "name",
        ["env"] = "name",
        ["volumes"] = "name",
        ["volumeMounts"] = "mountPath",
        ["ports"] = "containerPort",
    };

    private static readonly YamlScalarNode PatchDirective = new("$patch");

    /// <summary>The objects the kustomization in <paramref name="folder"/> produces, in kustomize's input order.</summary>
    public static List<YamlMappingNode> Render(string folder)
    {
        var kustomization = Load(Path.Combine(folder, "kustomization.yaml")).Cast<YamlMappingNode>().Single();
        var unknown = kustomization.Children.Keys.Select(k => k.ToString()).Where(k => !KnownFields.Contains(k)).ToList();
        if (unknown.Count > 0)
        {
            throw new NotSupportedException($"{folder}/kustomization.yaml uses {string.Join(", ", unknown)}, which {nameof(KustomizeRenderer)} does not render.");
        }

        var objects = new List<YamlMappingNode>();
        foreach (var resource in KubernetesManifests.Strings(kustomization, "resources"))
        {
            var path = Path.GetFullPath(Path.Combine(folder, resource));
            objects.AddRange(Directory.Exists(path) ? Render(path) : Load(path).Cast<YamlMappingNode>());
        }

        foreach (var generator in KubernetesManifests.Items(kustomization, "configMapGenerator"))
        {
            objects.Add(ConfigMap(generator));
        }

        foreach (var patch in KubernetesManifests.Items(kustomization, "patches"))
        {
            Apply(objects, patch, folder);
        }

        if (KubernetesManifests.Text(kustomization, "namespace") is { } ns)
        {
            foreach (var o in objects)
            {
                ((YamlMappingNode)o.Children[new YamlScalarNode("metadata")]).Children[new YamlScalarNode("namespace")] = new YamlScalarNode(ns);
            }
        }

        return objects;
    }

    private static YamlMappingNode ConfigMap(YamlMappingNode generator)
    {
        var data = new YamlMappingNode();
        foreach (var literal in KubernetesManifests.Strings(generator, "literals"))
        {
            var equals = literal.IndexOf('=', StringComparison.Ordinal);
            data.Add(literal[..equals], literal[(equals + 1)..]);
        }

        return new YamlMappingNode(
            new YamlScalarNode("apiVersion"), new YamlScalarNode("v1"),
            new YamlScalarNode("kind"), new YamlScalarNode("ConfigMap"),
            new YamlScalarNode("metadata"), new YamlMappingNode("name", KubernetesManifests.Text(generator, "name")!),
            new YamlScalarNode("data"), data);
    }

    private static void Apply(List<YamlMappingNode> objects, YamlMappingNode patch, string folder)
    {
        var document = Load(Path.Combine(folder, KubernetesManifests.Text(patch, "path")!)).Single();
        if (document is YamlSequenceNode operations)
        {
            var target = objects.Single(o =>
                KubernetesManifests.Text(o, "kind") == KubernetesManifests.Text(patch, "target", "kind") &&
                KubernetesManifests.Text(o, "metadata", "name") == KubernetesManifests.Text(patch, "target", "name"));
            foreach (var operation in operations.Children.Cast<YamlMappingNode>())
            {
                ApplyOperation(target, operation);
            }

            return;
        }

        var merge = (YamlMappingNode)document;
        var index = objects.FindIndex(o =>
            KubernetesManifests.Text(o, "kind") == KubernetesManifests.Text(merge, "kind") &&
            KubernetesManifests.Text(o, "metadata", "name") == KubernetesManifests.Text(merge, "metadata", "name"));
        if (index < 0)
        {
            throw new InvalidOperationException($"the patch {KubernetesManifests.Text(patch, "path")} matches no object, which kustomize rejects.");
        }

        if (IsDelete(merge))
        {
            objects.RemoveAt(index);
        }
        else
        {
            Merge(objects[index], merge);
        }
    }

    private static void ApplyOperation(YamlMappingNode target, YamlMappingNode operation)
    {
        var steps = KubernetesManifests.Text(operation, "path")!.Split('/')[1..];
        var parent = KubernetesManifests.Find(target, steps[..^1]) ?? throw new InvalidOperationException($"no {KubernetesManifests.Text(operation, "path")} to patch.");
        var value = operation.Children[new YamlScalarNode("value")];
        switch (KubernetesManifests.Text(operation, "op"))
        {
            case "test":
                if ((KubernetesManifests.Find(target, steps) as YamlScalarNode)?.Value != ((YamlScalarNode)value).Value)
                {
                    throw new InvalidOperationException($"testing value {KubernetesManifests.Text(operation, "path")} failed, as kustomize reports it.");
                }

                break;
            case "replace" when parent is YamlSequenceNode list && int.TryParse(steps[^1], out var at) && at < list.Children.Count:
                list.Children[at] = value;
                break;
            case "replace" when parent is YamlMappingNode map && map.Children.ContainsKey(new YamlScalarNode(steps[^1])):
                map.Children[new YamlScalarNode(steps[^1])] = value;
                break;
            default:
                throw new NotSupportedException($"JSON patch operation {KubernetesManifests.Text(operation, "op")} on {KubernetesManifests.Text(operation, "path")} is not rendered.");
        }
    }

    private static void Merge(YamlMappingNode target, YamlMappingNode patch)
    {
        foreach (var (key, value) in patch.Children)
        {
            var name = key.ToString();
            if (!target.Children.TryGetValue(key, out var existing))
            {
                target.Children[key] = value;
            }
            else if (value is YamlMappingNode map && existing is YamlMappingNode existingMap)
            {
                Merge(existingMap, map);
            }
            else if (value is YamlSequenceNode list && existing is YamlSequenceNode existingList && MergeKeys.TryGetValue(name, out var mergeKey))
            {
                MergeList(existingList, list, mergeKey);
            }
            else
            {
                target.Children[key] = value;
            }
        }
    }

    private static void MergeList(YamlSequenceNode target, YamlSequenceNode patch, string mergeKey)
    {
        foreach (var item in patch.Children.Cast<YamlMappingNode>())
        {
            var key = KubernetesManifests.Text(item, mergeKey);
            var existing = target.Children.Cast<YamlMappingNode>().SingleOrDefault(t => KubernetesManifests.Text(t, mergeKey) == key);
            if (IsDelete(item))
            {
                // kustomize accepts deleting an item that is not there; a test that expects it gone then says so.
                if (existing is not null)
                {
                    target.Children.Remove(existing);
                }
            }
            else if (existing is null)
            {
                target.Children.Add(item);
            }
            else
            {
                Merge(existing, item);
            }
        }
    }

    private static bool IsDelete(YamlMappingNode node) =>
        node.Children.TryGetValue(PatchDirective, out var directive) && directive.ToString() == "delete";

    private static List<YamlNode> Load(string file)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(file);
        stream.Load(reader);
        return stream.Documents.Select(d => d.RootNode).ToList();
    }
}
