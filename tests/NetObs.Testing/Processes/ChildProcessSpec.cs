namespace NetObs.Testing.Processes;

/// <summary>How to start one child program, and where its stdout and stderr are logged (nowhere when <paramref name="LogFile"/> is null).</summary>
public sealed record ChildProcessSpec(string Name, string FileName, IReadOnlyList<string> Arguments, string? LogFile)
{
    public IReadOnlyDictionary<string, string> Environment { get; init; } = new Dictionary<string, string>();

    public string? WorkingDirectory { get; init; }

    /// <summary>go-plugin gives the plugin Grafana's stdin; a redirected, open pipe stands in for it.</summary>
    public bool RedirectStandardInput { get; init; }

    /// <summary>
    /// When set, no file the program writes may grow past this many bytes (RLIMIT_FSIZE, which an unprivileged user may
    /// lower): a full disk without root or a loop device. Linux and macOS only; the program starts through /bin/sh.
    /// </summary>
    public long? FileSizeLimitBytes { get; init; }
}
