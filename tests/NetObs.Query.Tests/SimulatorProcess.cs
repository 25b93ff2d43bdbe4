using System.Diagnostics;
using System.Text.RegularExpressions;

namespace NetObs.Query.Tests;

/// <summary>
/// The simulator as its own process, standing in for Hubble Relay in tests that kill it (SIGKILL, no goodbye on the
/// wire) and start it again on the same port. Its "listening on" line is the signal that it accepts connections.
/// </summary>
internal sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The gRPC address, <c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Starts the simulator on <paramref name="port"/> (0: the OS picks) and returns once it listens.</summary>
    public static async Task<SimulatorProcess> StartAsync(int port = 0)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "NetObs.Simulator.dll"), "--listen", $"127.0.0.1:{port}", "--metrics-listen", "127.0.0.1:0",
            "--seed", "11", "--scenario", "all", "--nodes", "3", "--rate", "200", "--backfill", "2m",
        })
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start)!;
        _ = process.StandardError.ReadToEndAsync();
        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        var match = ListeningLine().Match(line ?? "");
        if (!match.Success)
        {
            process.Kill();
            throw new InvalidOperationException($"The simulator did not start: '{line}'.");
        }

        // Keep draining stdout so the simulator never blocks on a full pipe.
        _ = process.StandardOutput.ReadToEndAsync();
        return new SimulatorProcess(process, match.Groups["grpc"].Value);
    }

    /// <summary>Kills the process as an out-of-memory kill or a node failure would, and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    [GeneratedRegex(@"^NetObs simulator listening on (?<grpc>127\.0\.0\.1:\d+) \(gRPC, plaintext\)")]
    private static partial Regex ListeningLine();
}
