using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class FilterLanguageDocumentationTests
{
    [Fact]
    public void Readme_filter_language_section_documents_every_flag()
    {
        var readme = File.ReadAllText(Path.Combine(RepositoryPaths.Root, "README.md"));
        var start = readme.IndexOf("## Filter language", StringComparison.Ordinal);
        Assert.True(start >= 0, "README.md has no '## Filter language' section");
        var end = readme.IndexOf("\n## ", start + 1, StringComparison.Ordinal);
        var section = end < 0 ? readme[start..] : readme[start..end];

        var missing = ObserveFlags.All.Where(f => !section.Contains($"`--{f.Name}", StringComparison.Ordinal)
            && !section.Contains($", `--{f.Name}`", StringComparison.Ordinal)
            && !section.Contains($"--{f.Name}`", StringComparison.Ordinal)).Select(f => f.Name).ToList();

        Assert.Empty(missing);
    }
}
