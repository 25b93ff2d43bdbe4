namespace NetObs.Generator.Templates;

/// <summary>Templates read from a repository checkout (the folder holding dashboards-templates/ and alerts/), for editing without rebuilding.</summary>
public sealed class DirectoryTemplateSource : ITemplateSource
{
    private readonly string root;

    public DirectoryTemplateSource(string repositoryRoot)
    {
        root = Path.GetFullPath(repositoryRoot);
        if (!TemplateRoots.All.Any(r => Directory.Exists(Path.Combine(root, r))))
        {
            throw new DirectoryNotFoundException($"'{repositoryRoot}' holds neither {string.Join(" nor ", TemplateRoots.All.Select(r => r + "/"))}; pass the repository root to --templates.");
        }

        Paths = [.. TemplateRoots.All
            .Where(r => Directory.Exists(Path.Combine(root, r)))
            .SelectMany(r => Directory.EnumerateFiles(Path.Combine(root, r), "*", SearchOption.AllDirectories))
            .Select(f => Path.GetRelativePath(root, f).Replace(Path.DirectorySeparatorChar, '/'))
            .Order(StringComparer.Ordinal)];
    }

    public IReadOnlyList<string> Paths { get; }

    public string Description => $"the templates under {root}";

    public string Read(string path)
    {
        if (!Paths.Contains(path, StringComparer.Ordinal))
        {
            throw new FileNotFoundException($"No template '{path}' under {root}.", path);
        }

        return File.ReadAllText(Path.Combine(root, path)).ReplaceLineEndings("\n");
    }
}
