namespace NetObs.Query.Tests;

/// <summary>Finds the repository root (the folder with NetObs.slnx).</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "NetObs.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NetObs.slnx above {AppContext.BaseDirectory}; run the tests from inside the repository.");
    }
}
