using NetObs.Testing.Golden;

namespace NetObs.Testing.Tests;

public sealed class GoldenFileTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("netobs-golden-");

    public void Dispose() => _scratch.Delete(recursive: true);

    private string PathOf(string name) => Path.Combine(_scratch.FullName, name);

    [Fact]
    public void Same_text_passes_whatever_its_line_ends()
    {
        File.WriteAllText(PathOf("frame.golden.jsonc"), "{\r\n  \"a\": 1\r\n}\r\n");

        GoldenFile.Check(PathOf("frame.golden.jsonc"), "{\n  \"a\": 1\n}\n", update: false);
    }

    [Fact]
    public void Different_text_fails_at_the_first_differing_line_and_leaves_the_file_alone()
    {
        File.WriteAllText(PathOf("frame.golden.jsonc"), "{\n  \"a\": 1,\n  \"b\": 2\n}\n");

        var error = Assert.Throws<GoldenFileMismatchException>(() => GoldenFile.Check(PathOf("frame.golden.jsonc"), "{\n  \"a\": 1,\n  \"b\": 3\n}\n", update: false));

        Assert.Contains("at line 3: expected '\"b\": 2' but got '\"b\": 3'", error.Message, StringComparison.Ordinal);
        Assert.Contains("NETOBS_UPDATE_GOLDEN=1", error.Message, StringComparison.Ordinal);
        Assert.Equal("{\n  \"a\": 1,\n  \"b\": 2\n}\n", File.ReadAllText(PathOf("frame.golden.jsonc")));
    }

    [Fact]
    public void Missing_golden_file_fails_and_says_how_to_write_it()
    {
        var error = Assert.Throws<GoldenFileMismatchException>(() => GoldenFile.Check(PathOf("new.golden.jsonc"), "{}", update: false));

        Assert.Contains("does not exist", error.Message, StringComparison.Ordinal);
        Assert.False(File.Exists(PathOf("new.golden.jsonc")));
    }

    [Fact]
    public void Update_writes_the_file_that_the_next_check_passes()
    {
        GoldenFile.Check(PathOf(Path.Combine("testdata", "topk.golden.jsonc")), "{\"rows\": 2}\n", update: true);

        GoldenFile.Check(PathOf(Path.Combine("testdata", "topk.golden.jsonc")), "{\"rows\": 2}\n", update: false);
        Assert.Throws<GoldenFileMismatchException>(() => GoldenFile.Check(PathOf(Path.Combine("testdata", "topk.golden.jsonc")), "{\"rows\": 3}\n", update: false));
    }
}
