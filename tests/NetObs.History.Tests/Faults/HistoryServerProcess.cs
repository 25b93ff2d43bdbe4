using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using Grpc.Net.Client;

namespace NetObs.History.Tests.Faults;

/// <summary>netobs-history as its own process over a DuckDB file, as an operator runs it, to be killed or starved of disk.</summary>
internal sealed partial class HistoryServerProcess : IDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;
    private readonly StringBuilder _stderr;

    private HistoryServerProcess(Process process, string address, StringBuilder stderr)
    {
        _process = process;
        _stderr = stderr;
        _channel = GrpcChannel.ForAddress($"http://{address}");
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string Stderr
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts the server following <paramref name="relay"/> as cluster "sim". With <paramref name="fileSizeLimitBytes"/>,
    /// no file it writes may grow past that size (RLIMIT_FSIZE, which an unprivileged user may lower): a full disk
    /// without root or a loop device.
    /// </summary>
    public static async Task<HistoryServerProcess> StartAsync(string relay, string file, long? fileSizeLimitBytes = null, int bufferFlows = 1_000_000)
    {
        var start = new ProcessStartInfo(fileSizeLimitBytes is null ? "dotnet" : "sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        if (fileSizeLimitBytes is { } limit)
        {
            // Writes past the limit then fail with EFBIG ("File too large") instead of SIGXFSZ ending the process: an
            // ignored signal stays ignored across exec. POSIX counts ulimit -f in 512-byte blocks.
            start.ArgumentList.Add("-c");
            start.ArgumentList.Add("trap '' XFSZ; ulimit -f \"$0\"; exec dotnet \"$@\"");
            start.ArgumentList.Add((limit / 512).ToString(CultureInfo.InvariantCulture));

            // .NET's W^X double mapping sizes a memory file beyond any small limit and would abort the runtime at start.
            start.Environment["DOTNET_EnableWriteXorExecute"] = "0";
        }

        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "netobs-history.dll"), "--relay", $"sim={relay}", "--store", $"duckdb:{file}",
            "--listen", "127.0.0.1:0", "--buffer-flows", bufferFlows.ToString(CultureInfo.InvariantCulture),
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        var stderr = new StringBuilder();
        process.ErrorDataReceived += (_, line) =>
        {
            lock (stderr)
            {
                stderr.Append(line.Data).Append('\n');
            }
        };
        process.BeginErrorReadLine();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var match = ListeningLine().Match(line ?? "");
        if (!match.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"netobs-history did not start: '{line}'.");
        }

        return new HistoryServerProcess(process, match.Groups["address"].Value, stderr);
    }

    public Cilium.Observer.Observer.ObserverClient Observer => new(_channel);

    public async Task<ulong> StoredFlowsAsync() => (await Observer.ServerStatusAsync(new ServerStatusRequest())).NumFlows;

    /// <summary>The UUIDs of every flow GetFlows returns from the start of time.</summary>
    public async Task<HashSet<string>> StoredUuidsAsync()
    {
        var uuids = new HashSet<string>();
        using var call = Observer.GetFlows(new GetFlowsRequest { Since = new Timestamp() });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Flow is { } flow)
            {
                uuids.Add(flow.Uuid);
            }
        }

        return uuids;
    }

    /// <summary>SIGKILL: the queue is not drained and DuckDB is not closed, as in an out-of-memory kill.</summary>
    public void Kill()
    {
        _process.Kill();
        _process.WaitForExit();
    }

    /// <summary>SIGTERM; returns the exit code of the clean stop.</summary>
    public async Task<int> StopAsync()
    {
        using (var kill = Process.Start("kill", ["-TERM", _process.Id.ToString(CultureInfo.InvariantCulture)]))
        {
            await kill.WaitForExitAsync();
        }

        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }

        _process.Dispose();
        _channel.Dispose();
    }

    [GeneratedRegex(@"^NetObs history listening on (?<address>127\.0\.0\.1:\d+) \(gRPC, plaintext\)")]
    private static partial Regex ListeningLine();
}
