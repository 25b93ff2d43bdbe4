using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Threading.Channels;

namespace NetObs.Testing.Processes;

/// <summary>A program the demo or a test started: its stdout lines on demand, its stderr in a log file, and a clean stop.</summary>
public sealed partial class ChildProcess : IAsyncDisposable
{
    private const int SignalInterrupt = 2;
    private const int SignalTerminate = 15;

    private readonly Process process;
    private readonly Channel<string> stdoutLines = Channel.CreateUnbounded<string>();
    private readonly StreamWriter? log;
    private readonly List<string> firstErrors = [];
    private readonly Queue<string> recentErrors = new();
    private readonly Lock recentErrorsLock = new();
    private readonly Lock logLock = new();
    private readonly Task pumps;

    private ChildProcess(string name, Process process, StreamWriter? log)
    {
        Name = name;
        this.process = process;
        this.log = log;
        StartedAt = Stopwatch.GetTimestamp();
        pumps = Task.WhenAll(PumpStdoutAsync(), PumpStderrAsync());
    }

    public string Name { get; }

    public int Id => process.Id;

    public bool HasExited => process.HasExited;

    /// <summary>Stopwatch timestamp taken right after the process started, for start-up measurements.</summary>
    public long StartedAt { get; }

    public static ChildProcess Start(ChildProcessSpec spec)
    {
        var info = new ProcessStartInfo(spec.FileSizeLimitBytes is null ? spec.FileName : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = spec.RedirectStandardInput,
            UseShellExecute = false,
            WorkingDirectory = spec.WorkingDirectory ?? Environment.CurrentDirectory,
        };
        if (spec.FileSizeLimitBytes is { } limit)
        {
            LimitFileSize(info, spec.FileName, limit);
        }

        foreach (var argument in spec.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var (key, value) in spec.Environment)
        {
            info.Environment[key] = value;
        }

        StreamWriter? log = null;
        if (spec.LogFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(spec.LogFile))!);
            log = new StreamWriter(spec.LogFile, append: false) { AutoFlush = true };
        }

        try
        {
            var process = Process.Start(info)
                ?? throw new InvalidOperationException($"{spec.Name}: could not start '{spec.FileName}'.");
            return new ChildProcess(spec.Name, process, log);
        }
        catch (System.ComponentModel.Win32Exception e)
        {
            log?.Dispose();
            throw new InvalidOperationException(
                $"{spec.Name}: could not start '{spec.FileName}' ({e.Message}). Build it first (dotnet cake --target=Demo builds everything).", e);
        }
    }

    // The shell lowers the limit and then becomes the program (exec keeps the pid, so signals and kills reach it).
    private static void LimitFileSize(ProcessStartInfo info, string fileName, long limitBytes)
    {
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("A file size limit needs ulimit -f of a POSIX shell; this test runs on Linux or macOS only.");
        }

        // Writes past the limit then fail with EFBIG ("File too large") instead of SIGXFSZ ending the process: an
        // ignored signal stays ignored across exec. POSIX counts ulimit -f in 512-byte blocks.
        info.ArgumentList.Add("-c");
        info.ArgumentList.Add("trap '' XFSZ; ulimit -f \"$0\"; exec \"$@\"");
        info.ArgumentList.Add((limitBytes / 512).ToString(System.Globalization.CultureInfo.InvariantCulture));
        info.ArgumentList.Add(fileName);

        // .NET's W^X double mapping sizes a memory file beyond any small limit and would abort the runtime at start.
        info.Environment["DOTNET_EnableWriteXorExecute"] = "0";
    }

    /// <summary>Waits for the first stdout line that satisfies <paramref name="accept"/>; fails with the process's last errors when it exits first.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> accept, TimeSpan timeout, CancellationToken cancellation)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(timeout);
        try
        {
            await foreach (var line in stdoutLines.Reader.ReadAllAsync(limit.Token))
            {
                if (accept(line))
                {
                    return line;
                }
            }
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} printed no ready line within {timeout.TotalSeconds:0} s. {DescribeErrors()}");
        }

        await process.WaitForExitAsync(CancellationToken.None);
        throw new InvalidOperationException($"{Name} exited with code {process.ExitCode} before it was ready. {DescribeErrors()}");
    }

    /// <summary>The last lines the process wrote to stderr, for error messages.</summary>
    public string DescribeErrors()
    {
        lock (recentErrorsLock)
        {
            return firstErrors.Count == 0
                ? "It wrote nothing to stderr."
                : "Its stderr:\n  " + string.Join("\n  ", firstErrors.Concat(recentErrors.Count > 0 ? ["...", .. recentErrors] : []));
        }
    }

    /// <summary>Asks the process to stop with SIGTERM (SIGINT when asked), then kills it after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace, bool interrupt = false)
    {
        if (!process.HasExited)
        {
            if (OperatingSystem.IsWindows())
            {
                process.Kill(entireProcessTree: true);
            }
            else
            {
                _ = SendSignal(process.Id, interrupt ? SignalInterrupt : SignalTerminate);
            }
        }

        await WaitForExitOrKillAsync(grace);
    }

    /// <summary>Waits for an exit the process was already asked for, killing it after <paramref name="grace"/>.</summary>
    public async Task<bool> WaitForExitOrKillAsync(TimeSpan grace)
    {
        using var timeout = new CancellationTokenSource(grace);
        try
        {
            await process.WaitForExitAsync(timeout.Token);
            return true;
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            return false;
        }
    }

    /// <summary>Kills the process at once, as an out-of-memory kill or a node failure would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
        }

        await process.WaitForExitAsync(CancellationToken.None);
    }

    public int ExitCode => process.ExitCode;

    public Task WaitForExitAsync(CancellationToken cancellation) => process.WaitForExitAsync(cancellation);

    public async ValueTask DisposeAsync()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
        }

        await pumps;
        if (log is not null)
        {
            await log.DisposeAsync();
        }

        process.Dispose();
    }

    private async Task PumpStdoutAsync()
    {
        while (await process.StandardOutput.ReadLineAsync() is { } line)
        {
            WriteLog($"[stdout] {line}");
            stdoutLines.Writer.TryWrite(line);
        }

        stdoutLines.Writer.TryComplete();
    }

    private async Task PumpStderrAsync()
    {
        while (await process.StandardError.ReadLineAsync() is { } line)
        {
            WriteLog(line);
            lock (recentErrorsLock)
            {
                // The first lines usually name the failure (an exception's message); the last ones say where it ended.
                if (firstErrors.Count < 4)
                {
                    firstErrors.Add(line.Length > 400 ? line[..400] + "…" : line);
                    continue;
                }

                recentErrors.Enqueue(line.Length > 400 ? line[..400] + "…" : line);
                if (recentErrors.Count > 8)
                {
                    recentErrors.Dequeue();
                }
            }
        }
    }

    // Both pumps write here; a lock keeps their lines whole.
    private void WriteLog(string line)
    {
        lock (logLock)
        {
            log?.WriteLine(line);
        }
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int SendSignal(int pid, int signal);
}
