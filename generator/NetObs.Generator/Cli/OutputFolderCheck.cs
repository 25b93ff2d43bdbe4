namespace NetObs.Generator.Cli;

/// <summary>
/// Checks before writing that --out and the folders under it can be folders: a file in the way would otherwise
/// surface as the runtime's "Could not find a part of the path".
/// </summary>
public static class OutputFolderCheck
{
    /// <summary>A sentence naming the file that stands where a folder is needed, or null when none does.</summary>
    public static string? FindProblem(string outputFolder, IEnumerable<string> relativeFiles)
    {
        var root = Path.GetFullPath(outputFolder);
        if (File.Exists(root))
        {
            return $"--out '{outputFolder}' is a file, not a folder; pass a folder (it is created when missing) or move the file away.";
        }

        for (var parent = Path.GetDirectoryName(root); parent is not null; parent = Path.GetDirectoryName(parent))
        {
            if (File.Exists(parent))
            {
                return $"--out '{outputFolder}' cannot be created because '{parent}' is a file; pass a folder whose parents are folders.";
            }
        }

        var folders = relativeFiles
            .Select(f => Path.GetDirectoryName(f))
            .OfType<string>()
            .Where(f => f.Length > 0)
            .Distinct(StringComparer.Ordinal);
        foreach (var folder in folders)
        {
            for (var part = folder; !string.IsNullOrEmpty(part); part = Path.GetDirectoryName(part))
            {
                var path = Path.Combine(root, part);
                if (File.Exists(path))
                {
                    return $"'{path}' is a file, but the generator writes a folder there; move the file away or pass another --out.";
                }
            }
        }

        return null;
    }
}
