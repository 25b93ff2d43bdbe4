using System.Diagnostics;
using System.Globalization;
using System.Net.Sockets;
using Grpc.Core;
using Grpc.Net.Client;
using NetObs.Grafana.Protocol.GoPlugin;
using NetObs.Grafana.Protocol.V2;
using StreamService = NetObs.Grafana.Protocol.V2.Stream;

namespace NetObs.Testing.Plugin;

/// <summary>
/// A plugin executable started the way Grafana's go-plugin client starts it: its stdout and stderr read line by line,
/// the handshake line parsed, and the pluginv2 and go-plugin clients opened on the address it announces.
/// </summary>
public sealed class PluginProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly List<string> _stdout = [];
    private readonly List<string> _stderr = [];
    private readonly TaskCompletionSource<string?> _firstStdoutLine = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly StreamWriter? _log;
    private readonly Lock _logLock = new();
    private readonly Task _pipesClosed;
    private readonly long _startedAt;
    private readonly string _name;
    private readonly List<(Func<string, bool> Match, TaskCompletionSource<string> Found)> _stderrWaiters = [];
    private GrpcChannel? _channel;
    private PluginHandshake? _handshake;

    private PluginProcess(Process process, string name, StreamWriter? log)
    {
        _process = process;
        _name = name;
        _log = log;
        _startedAt = Stopwatch.GetTimestamp();
        _pipesClosed = Task.WhenAll(PumpStdoutAsync(), PumpStderrAsync());
    }

    /// <summary>The handshake the plugin printed; only after <see cref="ReadHandshakeAsync"/> or <see cref="StartAsync"/>.</summary>
    public PluginHandshake Handshake => _handshake ?? throw NotConnected();

    /// <summary>Time from process start to the handshake line on stdout.</summary>
    public TimeSpan StartToHandshake { get; private set; }

    /// <summary>The gRPC channel to the announced address, for clients the harness does not open (such as gRPC health).</summary>
    public GrpcChannel Channel => _channel ?? throw NotConnected();

    public Data.DataClient Data => new(Channel);

    public Diagnostics.DiagnosticsClient Diagnostics => new(Channel);

    public Resource.ResourceClient Resource => new(Channel);

    public StreamService.StreamClient Stream => new(Channel);

    /// <summary>go-plugin's controller, through which Grafana asks a plugin to shut down.</summary>
    public GRPCController.GRPCControllerClient Controller => new(Channel);

    public int ProcessId => _process.Id;

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    /// <summary>Every line the plugin wrote to stdout so far (for Grafana, the handshake must be all of it).</summary>
    public IReadOnlyList<string> StdoutLines => Snapshot(_stdout);

    /// <summary>Every line the plugin wrote to stderr so far, where Grafana reads its log.</summary>
    public IReadOnlyList<string> StderrLines => Snapshot(_stderr);

    /// <summary>The stderr lines as one text, for failure messages.</summary>
    public string Stderr => string.Join('\n', StderrLines);

    /// <summary>Starts the process without waiting for anything, e.g. to watch it refuse a launch.</summary>
    public static PluginProcess Start(PluginLaunch launch)
    {
        ArgumentNullException.ThrowIfNull(launch);
        if (!File.Exists(launch.Executable))
        {
            throw new FileNotFoundException(
                $"The plugin executable '{launch.Executable}' does not exist. Build it first, e.g. `dotnet build plugin-backend/NetObs.Plugin` " +
                "or `dotnet cake --target=Package --platforms=linux-x64`.", launch.Executable);
        }

        string[] command = [.. launch.Launcher, launch.Executable, .. launch.Arguments];
        var start = new ProcessStartInfo(command[0])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            // go-plugin keeps the plugin's stdin open; a plugin that reads it must not see end of file.
            RedirectStandardInput = true,
            UseShellExecute = false,
            WorkingDirectory = launch.WorkingDirectory,
        };
        foreach (var argument in command[1..])
        {
            start.ArgumentList.Add(argument);
        }

        // The cookie comes from the launch only: a test that leaves it out must not inherit one from its own environment.
        start.Environment.Remove(GrafanaLaunchEnvironment.MagicCookieKey);
        foreach (var (key, value) in launch.Environment)
        {
            if (value is null)
            {
                start.Environment.Remove(key);
            }
            else
            {
                start.Environment[key] = value;
            }
        }

        StreamWriter? log = null;
        if (launch.LogFile is not null)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(launch.LogFile))!);
            log = new StreamWriter(launch.LogFile, append: false) { AutoFlush = true };
        }

        try
        {
            var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start '{command[0]}'.");
            return new PluginProcess(process, Path.GetFileName(launch.Executable), log);
        }
        catch
        {
            log?.Dispose();
            throw;
        }
    }

    /// <summary>Starts the plugin as Grafana would and waits for its handshake; the clients are ready when this returns.</summary>
    public static async Task<PluginProcess> StartAsync(PluginLaunch launch, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(launch);
        var plugin = Start(launch);
        try
        {
            await plugin.ReadHandshakeAsync(launch.HandshakeTimeout, cancellationToken).ConfigureAwait(false);
            return plugin;
        }
        catch
        {
            await plugin.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Reads the first stdout line as go-plugin does, parses it and opens the clients on the announced TCP address.</summary>
    public async Task<PluginHandshake> ReadHandshakeAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        string? line;
        try
        {
            line = await _firstStdoutLine.Task.WaitAsync(timeout, cancellationToken).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} printed no handshake line within {timeout.TotalSeconds:0} s. {DescribeErrors()}");
        }

        if (line is null)
        {
            await _process.WaitForExitAsync(cancellationToken).ConfigureAwait(false);
            throw new InvalidOperationException($"{_name} exited with code {_process.ExitCode} before its handshake. {DescribeErrors()}");
        }

        StartToHandshake = Stopwatch.GetElapsedTime(_startedAt);
        var handshake = PluginHandshake.Parse(line);
        if (handshake.Network != "tcp")
        {
            throw new NotSupportedException($"{_name} announced a {handshake.Network} socket '{handshake.Address}'; this harness dials TCP only.");
        }

        _channel = GrpcChannel.ForAddress($"http://{handshake.Address}", new GrpcChannelOptions
        {
            MaxReceiveMessageSize = null,
            MaxSendMessageSize = null,
        });
        _handshake = handshake;
        return handshake;
    }

    /// <summary>
    /// Waits until the process has exited and both of its pipes are read to the end, so every line it wrote is in
    /// <see cref="StdoutLines"/> and <see cref="StderrLines"/>; false when it still runs after <paramref name="timeout"/>.
    /// </summary>
    public async Task<bool> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await Task.WhenAll(_process.WaitForExitAsync(), _pipesClosed).WaitAsync(timeout).ConfigureAwait(false);
            return true;
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    /// <summary>
    /// Waits for a stderr line that satisfies <paramref name="match"/> (one written before the call counts too): the
    /// plugin's log is the signal that something happened inside it, instead of a sleep.
    /// </summary>
    public async Task<string> WaitForStderrLineAsync(Func<string, bool> match, TimeSpan timeout)
    {
        ArgumentNullException.ThrowIfNull(match);
        var found = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_stderr)
        {
            var written = _stderr.FirstOrDefault(match);
            if (written is not null)
            {
                return written;
            }

            _stderrWaiters.Add((match, found));
        }

        try
        {
            return await found.Task.WaitAsync(timeout).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{_name} wrote no matching stderr line within {timeout.TotalSeconds:0} s. {DescribeErrors()}");
        }
        finally
        {
            lock (_stderr)
            {
                _stderrWaiters.RemoveAll(w => w.Found == found);
            }
        }
    }

    /// <summary>Stops the plugin as Grafana does: GRPCController/Shutdown, then 2 s to exit before a kill (§1.6); true when it exited by itself.</summary>
    public async Task<bool> ShutdownAsync()
    {
        if (_process.HasExited)
        {
            return true;
        }

        if (_channel is not null)
        {
            try
            {
                using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await Controller.ShutdownAsync(new Empty(), cancellationToken: deadline.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is RpcException or OperationCanceledException or SocketException)
            {
                // Grafana ignores the Shutdown error too and relies on the kill below.
            }
        }

        if (await WaitForExitAsync(TimeSpan.FromSeconds(2)).ConfigureAwait(false))
        {
            return true;
        }

        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync().ConfigureAwait(false);
        return false;
    }

    /// <summary>The first and last lines the plugin wrote to stderr, for failure messages.</summary>
    public string DescribeErrors()
    {
        var lines = StderrLines;
        if (lines.Count == 0)
        {
            return "It wrote nothing to stderr.";
        }

        // The first lines usually name the failure (an exception's message); the last ones say where it ended.
        IEnumerable<string> shown = lines.Count <= 12 ? lines : [.. lines.Take(4), "...", .. lines.TakeLast(8)];
        return "Its stderr:\n  " + string.Join("\n  ", shown.Select(l => l.Length > 400 ? l[..400] + "…" : l));
    }

    /// <summary>The plugin's resident set size from /proc (Linux), or the runtime's working-set figure elsewhere.</summary>
    public long ResidentBytes()
    {
        if (OperatingSystem.IsLinux())
        {
            foreach (var line in File.ReadLines($"/proc/{_process.Id}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    return long.Parse(line.AsSpan(6).Trim().TrimEnd("kB").Trim(), CultureInfo.InvariantCulture) * 1024;
                }
            }
        }

        _process.Refresh();
        return _process.WorkingSet64;
    }

    /// <summary>CPU time the plugin has used so far (user and system), a figure the machine's other load does not inflate.</summary>
    public TimeSpan ProcessorTime()
    {
        _process.Refresh();
        return _process.TotalProcessorTime;
    }

    public async ValueTask DisposeAsync()
    {
        _channel?.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().ConfigureAwait(false);
        }

        await _pipesClosed.ConfigureAwait(false);
        if (_log is not null)
        {
            await _log.DisposeAsync().ConfigureAwait(false);
        }

        _process.Dispose();
    }

    private static List<string> Snapshot(List<string> lines)
    {
        lock (lines)
        {
            return [.. lines];
        }
    }

    private InvalidOperationException NotConnected() =>
        new($"{_name} has no handshake yet: start it with PluginProcess.StartAsync, or call ReadHandshakeAsync first.");

    private async Task PumpStdoutAsync()
    {
        while (await _process.StandardOutput.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stdout)
            {
                _stdout.Add(line);
            }

            WriteLog("[stdout] " + line);
            _firstStdoutLine.TrySetResult(line);
        }

        _firstStdoutLine.TrySetResult(null);
    }

    private async Task PumpStderrAsync()
    {
        while (await _process.StandardError.ReadLineAsync().ConfigureAwait(false) is { } line)
        {
            lock (_stderr)
            {
                _stderr.Add(line);
                foreach (var waiter in _stderrWaiters.Where(w => w.Match(line)))
                {
                    waiter.Found.TrySetResult(line);
                }
            }

            WriteLog(line);
        }
    }

    // Both pumps write here; the lock keeps their lines whole.
    private void WriteLog(string line)
    {
        if (_log is null)
        {
            return;
        }

        lock (_logLock)
        {
            _log.WriteLine(line);
        }
    }
}
