using System.Runtime.InteropServices;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// Notices when the parent (Grafana) dies: unlike Go programs, .NET ignores SIGPIPE and would live on as an orphan.
/// On Unix the parent id changes (to 1 or a subreaper) once the parent is gone.
/// </summary>
internal static partial class ParentProcessWatcher
{
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>The parent process id now, or 0 where it cannot be known; read it first thing at start-up.</summary>
    public static int CurrentParentId()
    {
        try
        {
            return IsSupported ? GetParentProcessId() : 0;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or DllNotFoundException or EntryPointNotFoundException or FormatException)
        {
            return 0;
        }
    }

    /// <summary>
    /// Completes when the process's parent is no longer <paramref name="parent"/> (the id read at start-up: Grafana may be
    /// PID 1 in a container, so a parent of 1 alone proves nothing); never completes where unsupported.
    /// </summary>
    public static async Task WaitForParentExitAsync(int parent, TimeSpan interval, CancellationToken cancellationToken)
    {
        if (parent == 0)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (GetParentProcessId() != parent)
            {
                return;
            }
        }
    }

    private static int GetParentProcessId() =>
        OperatingSystem.IsLinux() ? ParentFromProcStat() : GetParentProcessIdFromLibc();

    // On Linux, "libc" does not resolve for P/Invoke (libc.so is a linker script), so read /proc/self/stat:
    // "pid (comm) state ppid ...", where comm may itself contain spaces and parentheses.
    private static int ParentFromProcStat()
    {
        var stat = File.ReadAllText("/proc/self/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessIdFromLibc();
}
