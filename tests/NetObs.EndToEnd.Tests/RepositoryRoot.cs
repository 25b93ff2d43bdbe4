namespace NetObs.EndToEnd.Tests;

/// <summary>Finds the repository root (the folder holding NetObs.slnx) from the test binaries.</summary>
internal static class RepositoryRoot
{
    public static string Path { get; } = Find();

    private static string Find()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(System.IO.Path.Combine(dir.FullName, "NetObs.slnx")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"No NetObs.slnx above {AppContext.BaseDirectory}.");
    }
}
