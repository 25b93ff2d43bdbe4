namespace NetObs.Testing.Tests;

public sealed class RepositoryPathsTests : IDisposable
{
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("netobs-paths-");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public void Root_is_the_folder_holding_the_solution_above_the_test_binaries()
    {
        Assert.True(File.Exists(Path.Combine(RepositoryPaths.Root, "NetObs.slnx")));
        Assert.StartsWith(RepositoryPaths.Root + Path.DirectorySeparatorChar, AppContext.BaseDirectory, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixture_names_a_path_below_shared_reference_fixtures_beside_the_root()
    {
        var expected = Path.GetFullPath(Path.Combine(RepositoryPaths.Root, "..", "shared", "reference", "fixtures", "grafana-sdk"));

        Assert.Equal(expected, RepositoryPaths.Fixture("grafana-sdk"));
        Assert.True(Directory.Exists(RepositoryPaths.Fixture("grafana-sdk")));
    }

    [Fact]
    public void Root_search_finds_the_nearest_folder_with_the_solution()
    {
        var root = _scratch.CreateSubdirectory("checkout");
        File.WriteAllText(Path.Combine(root.FullName, "NetObs.slnx"), "<Solution />");
        var start = root.CreateSubdirectory(Path.Combine("tests", "bin", "Debug"));

        Assert.Equal(root.FullName, RepositoryPaths.FindRootAbove(start.FullName));
    }

    [Fact]
    public void Root_search_outside_a_checkout_names_the_file_and_where_it_looked()
    {
        var start = _scratch.CreateSubdirectory(Path.Combine("elsewhere", "bin")).FullName;

        var error = Assert.Throws<InvalidOperationException>(() => RepositoryPaths.FindRootAbove(start));

        Assert.Contains("no NetObs.slnx in '" + start + "' or any folder above it", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixtures_search_without_shared_names_the_missing_folder_and_the_root()
    {
        var root = _scratch.CreateSubdirectory("checkout").FullName;

        var error = Assert.Throws<InvalidOperationException>(() => RepositoryPaths.FindFixturesBeside(root));

        Assert.Contains("no folder '" + Path.Combine(_scratch.FullName, "shared") + "'", error.Message, StringComparison.Ordinal);
        Assert.Contains("beside the repository root '" + root + "'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixtures_search_names_the_first_missing_folder_below_shared()
    {
        var root = _scratch.CreateSubdirectory("checkout").FullName;
        _scratch.CreateSubdirectory(Path.Combine("shared", "reference"));

        var error = Assert.Throws<InvalidOperationException>(() => RepositoryPaths.FindFixturesBeside(root));

        Assert.Contains("no folder '" + Path.Combine(_scratch.FullName, "shared", "reference", "fixtures") + "'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Fixtures_search_returns_shared_reference_fixtures_beside_the_root()
    {
        var root = _scratch.CreateSubdirectory("checkout").FullName;
        var fixtures = _scratch.CreateSubdirectory(Path.Combine("shared", "reference", "fixtures")).FullName;

        Assert.Equal(fixtures, RepositoryPaths.FindFixturesBeside(root));
    }
}
