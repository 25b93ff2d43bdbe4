using System.Runtime.InteropServices;

namespace NetObs.Grafana.Hosting;

/// <summary>
/// Notices when the parent (Grafana) dies: unlike Go programs, .NET ignores SIGPIPE and would live on as an orphan.
/// On Unix the parent id changes (to 1 or a subreaper) once the parent is gone.
/// </summary>
internal static partial class ParentProcessWatcher
{
    public static bool IsSupported => OperatingSystem.IsLinux() || OperatingSystem.IsMacOS() || OperatingSystem.IsFreeBSD();

    /// <summary>Completes when the parent process has exited; never completes where unsupported.</summary>
    public static async Task WaitForParentExitAsync(TimeSpan interval, CancellationToken cancellationToken)
    {
        if (!IsSupported)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken).ConfigureAwait(false);
            return;
        }

        var parent = GetParentProcessId();
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(cancellationToken).ConfigureAwait(false))
        {
            if (GetParentProcessId() != parent)
            {
                return;
            }
        }
    }

    [LibraryImport("libc", EntryPoint = "getppid")]
    private static partial int GetParentProcessId();
}
