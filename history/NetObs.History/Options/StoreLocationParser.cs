using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Options;

/// <summary>
/// Reads <c>--store</c>: <c>duckdb:PATH</c> or <c>clickhouse://HOST:PORT/DB</c>. For DuckDB it also
/// checks that the file can be created or written, so a bad path fails at start with the fix, not
/// at the first write.
/// </summary>
public static class StoreLocationParser
{
    /// <summary>Returns the location, or adds a sentence to <paramref name="problems"/> and returns null.</summary>
    public static StoreLocation? Parse(string value, ICollection<string> problems)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(problems);
        var colon = value.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon > 0 ? value[..colon].ToLowerInvariant() : "";
        switch (scheme)
        {
            case "duckdb":
                return ParseDuckDb(value, value[(colon + 1)..], problems);
            case "clickhouse":
                return ParseClickHouse(value, problems);
            default:
                var shown = colon > 0 ? $"unknown store scheme '{Excerpt(value[..colon])}'" : "no store scheme";
                problems.Add($"--store '{Excerpt(value)}': {shown}; write duckdb:PATH (one embedded file, e.g. duckdb:flows.duckdb) " +
                    "or clickhouse://HOST:PORT/DB (ClickHouse's HTTP port, e.g. clickhouse://127.0.0.1:8123/netobs).");
                return null;
        }
    }

    private static StoreLocation? ParseDuckDb(string value, string path, ICollection<string> problems)
    {
        if (path.StartsWith("//", StringComparison.Ordinal))
        {
            // duckdb:///var/lib/x.duckdb reads as a URI with an empty host; keep the absolute path.
            path = path[2..];
        }

        if (path.Length == 0)
        {
            problems.Add($"--store '{value}' names no file; write duckdb:PATH, e.g. duckdb:netobs-history.duckdb.");
            return null;
        }

        string full;
        try
        {
            full = Path.GetFullPath(path);
        }
        catch (ArgumentException)
        {
            problems.Add($"--store '{Excerpt(value)}': '{Excerpt(path)}' is not a valid file path; write duckdb:PATH with a plain file name.");
            return null;
        }

        if (WritableProblem(full) is { } problem)
        {
            problems.Add($"--store '{Excerpt(value)}': {problem}");
            return null;
        }

        return new StoreLocation(StoreKind.DuckDb, value, full);
    }

    private static StoreLocation? ParseClickHouse(string value, ICollection<string> problems)
    {
        // The store's own parser knows every form (several shards, user and password, ?cluster=); asking it here
        // reports a bad URI with the other option problems instead of at start-up.
        try
        {
            ClickHouseStoreUri.Parse(value);
        }
        catch (FlowStoreException e)
        {
            problems.Add($"--store {e.Message.Replace("store: ", "", StringComparison.Ordinal)}");
            return null;
        }

        return new StoreLocation(StoreKind.ClickHouse, value, null);
    }

    /// <summary>Why the DuckDB file cannot be written, or null. A probe file is created beside it and removed.</summary>
    private static string? WritableProblem(string full)
    {
        var directory = Path.GetDirectoryName(full);
        if (directory is null || Directory.Exists(full))
        {
            return $"'{full}' is a folder; name a file inside it, e.g. duckdb:{Path.Combine(full, "netobs-history.duckdb")}.";
        }

        if (!Directory.Exists(directory))
        {
            return $"the folder '{directory}' does not exist; create it (mkdir -p) or point --store at an existing folder.";
        }

        try
        {
            if (File.Exists(full))
            {
                using var existing = new FileStream(full, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite);
            }
            else
            {
                var probe = Path.Combine(directory, $".netobs-history-probe-{Environment.ProcessId}");
                using (new FileStream(probe, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.DeleteOnClose))
                {
                }
            }
        }
        catch (UnauthorizedAccessException)
        {
            return $"'{full}' cannot be written by this user; give the user write access to '{directory}' or choose another path.";
        }
        catch (IOException)
        {
            return $"'{full}' cannot be opened for writing (read-only file system, or the disk is full); choose a writable path.";
        }

        return null;
    }

    private static string Excerpt(string text) => text.Length <= 60 ? text : text[..60] + "…";
}
