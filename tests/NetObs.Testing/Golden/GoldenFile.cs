namespace NetObs.Testing.Golden;

/// <summary>
/// Compares output with a committed golden file. The file is rewritten only when the variable
/// <see cref="UpdateVariable"/> is <c>1</c>, so an ordinary run never hides a change: review the diff, then commit it.
/// </summary>
public static class GoldenFile
{
    /// <summary>The environment variable that turns the check into a rewrite.</summary>
    public const string UpdateVariable = "NETOBS_UPDATE_GOLDEN";

    /// <summary>Whether this run rewrites golden files instead of comparing with them.</summary>
    public static bool Updating => Environment.GetEnvironmentVariable(UpdateVariable) == "1";

    /// <summary>Fails with the first differing line unless <paramref name="path"/> holds exactly <paramref name="actual"/> (line ends aside).</summary>
    public static void Check(string path, string actual) => Check(path, actual, Updating);

    /// <summary>As <see cref="Check(string, string)"/>, with the rewrite decided by the caller (for the harness's own tests).</summary>
    public static void Check(string path, string actual, bool update)
    {
        ArgumentNullException.ThrowIfNull(path);
        ArgumentNullException.ThrowIfNull(actual);
        var normalized = Normalize(actual);
        if (update)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            File.WriteAllText(path, normalized);
            return;
        }

        if (!File.Exists(path))
        {
            throw new GoldenFileMismatchException(
                $"Golden file '{Shown(path)}' does not exist. Run the test once with {UpdateVariable}=1 to write it, review it, and commit it.");
        }

        var expected = Normalize(File.ReadAllText(path));
        if (expected == normalized)
        {
            return;
        }

        var expectedLines = expected.Split('\n');
        var actualLines = normalized.Split('\n');
        var line = 0;
        while (line < expectedLines.Length && line < actualLines.Length && expectedLines[line] == actualLines[line])
        {
            line++;
        }

        throw new GoldenFileMismatchException(
            $"Output differs from golden file '{Shown(path)}' at line {line + 1}: expected '{Excerpt(expectedLines, line)}' but got '{Excerpt(actualLines, line)}'. " +
            $"If the change is intended, rerun with {UpdateVariable}=1 and review the diff before committing.");
    }

    // Golden files are committed text; a checkout with CRLF line ends must not fail them.
    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal);

    private static string Excerpt(string[] lines, int index)
    {
        if (index >= lines.Length)
        {
            return "<end of file>";
        }

        var line = lines[index].Trim();
        return line.Length > 120 ? line[..120] + "…" : line;
    }

    // Relative to the repository when it lies inside it, so the message reads the same on every machine.
    private static string Shown(string path)
    {
        var full = Path.GetFullPath(path);
        try
        {
            var relative = Path.GetRelativePath(RepositoryPaths.Root, full);
            return relative.StartsWith("..", StringComparison.Ordinal) ? full : relative.Replace(Path.DirectorySeparatorChar, '/');
        }
        catch (InvalidOperationException)
        {
            return full;
        }
    }
}

/// <summary>Output that does not match its golden file.</summary>
public sealed class GoldenFileMismatchException(string message) : Exception(message);
