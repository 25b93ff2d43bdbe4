using NetObs.Hubble.Filtering;

namespace NetObs.Hubble.Tests.Filtering;

public sealed class FilterLanguageDocumentationTests
{
    [Fact]
    public void Filter_language_reference_documents_every_flag()
    {
        var reference = Path.Combine(RepositoryPaths.Root, "docs", "filter-language.md");
        Assert.True(File.Exists(reference), "docs/filter-language.md, the filter language reference, is missing");
        var text = File.ReadAllText(reference);

        var missing = ObserveFlags.All.Where(f => !text.Contains($"`--{f.Name}", StringComparison.Ordinal)
            && !text.Contains($", `--{f.Name}`", StringComparison.Ordinal)
            && !text.Contains($"--{f.Name}`", StringComparison.Ordinal)).Select(f => f.Name).ToList();

        Assert.Empty(missing);
    }
}
