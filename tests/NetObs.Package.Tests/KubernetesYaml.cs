using YamlDotNet.RepresentationModel;

namespace NetObs.Package.Tests;

/// <summary>A Kubernetes object written back as YAML text, so that two objects compare with a readable difference.</summary>
internal static class KubernetesYaml
{
    public static string Text(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }
}
