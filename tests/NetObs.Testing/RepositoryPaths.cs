namespace NetObs.Testing;

/// <summary>Finds the repository root (the folder holding NetObs.slnx) and the shared reference fixtures beside it; the one root finder of the tests, benchmarks and demo.</summary>
public static class RepositoryPaths
{
    /// <summary>The file that marks the repository root.</summary>
    public const string SolutionFileName = "NetObs.slnx";

    // Lazy rather than a static initializer, so a missing checkout surfaces as its own message, not a TypeInitializationException.
    private static readonly Lazy<string> FoundRoot = new(() => FindRootAbove(AppContext.BaseDirectory));
    private static readonly Lazy<string> FoundFixtures = new(() => FindFixturesBeside(Root));

    /// <summary>The repository root above the running binaries.</summary>
    public static string Root => FoundRoot.Value;

    /// <summary>../shared/reference/fixtures beside the repository root; tests read fixtures there and never copy them.</summary>
    public static string Fixtures => FoundFixtures.Value;

    /// <summary>A path below the shared fixtures, such as <c>Fixture("grafana-sdk", "all_types.golden.arrow")</c>.</summary>
    public static string Fixture(params string[] relativePath)
    {
        ArgumentNullException.ThrowIfNull(relativePath);
        return Path.Combine([Fixtures, .. relativePath]);
    }

    /// <summary>The nearest folder at or above <paramref name="start"/> that holds NetObs.slnx.</summary>
    public static string FindRootAbove(string start)
    {
        ArgumentNullException.ThrowIfNull(start);
        for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, SolutionFileName)))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException(
            $"Repository root not found: no {SolutionFileName} in '{start}' or any folder above it. " +
            "Build and run the tests, benchmarks and demo inside the NetObs checkout, so that their output folder lies below the folder holding NetObs.slnx.");
    }

    /// <summary>The shared reference fixtures, ../shared/reference/fixtures, beside the repository <paramref name="root"/>.</summary>
    public static string FindFixturesBeside(string root)
    {
        ArgumentNullException.ThrowIfNull(root);
        var path = Path.GetFullPath(Path.Combine(root, ".."));
        foreach (var part in (string[])["shared", "reference", "fixtures"])
        {
            path = Path.Combine(path, part);
            if (!Directory.Exists(path))
            {
                throw new InvalidOperationException(
                    $"Shared fixtures not found: no folder '{path}' (looked for ../shared/reference/fixtures beside the repository root '{root}'). " +
                    "Check out the shared folder next to the repository; the tests read fixtures from there and never copy them.");
            }
        }

        return path;
    }
}
