using System.Diagnostics;
using System.Text.RegularExpressions;
using NetObs.Testing.Processes;

namespace NetObs.Testing.History;

/// <summary>
/// The history server (<c>netobs-history</c>) as its own process, for the demo and the tests: started with a command line
/// of docs/history.md, ready once it prints its one "listening on" line, stopped with SIGTERM as an operator stops it.
/// </summary>
public sealed partial class HistoryProcess : IAsyncDisposable
{
    /// <summary>The assembly name of history/NetObs.History, beside the tests of a project that references it.</summary>
    public const string AssemblyName = "netobs-history";

    private readonly ChildProcess _process;

    private HistoryProcess(ChildProcess process, string address, string line)
    {
        _process = process;
        Address = address;
        ListeningLine = line;
    }

    /// <summary>host:port of the history server's observer API, as a data source's `url` takes it.</summary>
    public string Address { get; }

    /// <summary>The line the server printed once it served.</summary>
    public string ListeningLine { get; }

    /// <summary>The server's stderr so far, for failure messages.</summary>
    public string DescribeErrors() => _process.DescribeErrors();

    /// <summary>Starts the server (<paramref name="executable"/> null: the one beside the tests) and waits for its listening line.</summary>
    public static Task<HistoryProcess> StartAsync(string? executable, IReadOnlyList<string> arguments, string? logFile, CancellationToken cancellation) =>
        StartAsync(executable, arguments, logFile, fileSizeLimitBytes: null, cancellation);

    /// <summary>
    /// As <see cref="StartAsync(string?, IReadOnlyList{string}, string?, CancellationToken)"/>, and with
    /// <paramref name="fileSizeLimitBytes"/> no file the server writes may grow past that size: its disk is full
    /// (<see cref="ChildProcessSpec.FileSizeLimitBytes"/>).
    /// </summary>
    public static async Task<HistoryProcess> StartAsync(
        string? executable, IReadOnlyList<string> arguments, string? logFile, long? fileSizeLimitBytes, CancellationToken cancellation)
    {
        var spec = DotnetProgram.Spec("history server", executable ?? DotnetProgram.BesideTests(AssemblyName), arguments, logFile) with
        {
            FileSizeLimitBytes = fileSizeLimitBytes,
        };
        var process = ChildProcess.Start(spec);
        try
        {
            var line = await process.WaitForLineAsync(l => Listening().IsMatch(l), TimeSpan.FromSeconds(120), cancellation);
            return new HistoryProcess(process, Listening().Match(line).Groups["address"].Value, line);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Runs <c>netobs-history import --store STORE FILE...</c> to its end and returns what it printed; throws with its
    /// stderr when it fails.
    /// </summary>
    public static async Task<string> ImportAsync(string? executable, string store, IReadOnlyList<string> files, string? logFile, CancellationToken cancellation)
    {
        var lines = new List<string>();
        var spec = DotnetProgram.Spec("history import", executable ?? DotnetProgram.BesideTests(AssemblyName), ["import", "--store", store, .. files], logFile);
        await using var process = ChildProcess.Start(spec);
        try
        {
            while (true)
            {
                lines.Add(await process.WaitForLineAsync(_ => true, TimeSpan.FromMinutes(10), cancellation));
            }
        }
        catch (InvalidOperationException) when (process.HasExited)
        {
            // Its stdout ended: every line is read.
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException(
                    $"netobs-history import exited with code {process.ExitCode}: {string.Join(' ', lines)} {process.DescribeErrors()}");
            }
        }
        catch (OperationCanceledException)
        {
            await process.StopAsync(TimeSpan.FromSeconds(5));
            throw;
        }

        return string.Join('\n', lines);
    }

    /// <summary>
    /// Starts netobs-history beside the tests with stdout and stderr left to the caller, for tests of its process
    /// contract (the one stdout line, exit codes, what it writes and when).
    /// </summary>
    public static Process StartBare(params string[] arguments)
    {
        var spec = DotnetProgram.Spec("history server", DotnetProgram.BesideTests(AssemblyName), arguments, logFile: null);
        var start = new ProcessStartInfo(spec.FileName) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in spec.Arguments)
        {
            start.ArgumentList.Add(argument);
        }

        return Process.Start(start) ?? throw new InvalidOperationException($"could not start '{spec.FileName}'.");
    }

    /// <summary>Asks the server to stop (SIGTERM: it writes what it queued) and kills it after <paramref name="grace"/> (default 20 s).</summary>
    public Task StopAsync(TimeSpan? grace = null) => _process.StopAsync(grace ?? TimeSpan.FromSeconds(20));

    /// <summary>The exit code, once the server has exited (after <see cref="StopAsync"/>).</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Kills the server without a goodbye, as an out-of-memory kill would.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    // docs/history.md: "NetObs history listening on HOST:PORT (gRPC, plaintext), store …, following …".
    [GeneratedRegex(@"^NetObs history listening on (?<address>[^\s]+:\d+) ", RegexOptions.CultureInvariant)]
    private static partial Regex Listening();
}
