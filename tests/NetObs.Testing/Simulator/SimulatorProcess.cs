using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace NetObs.Testing.Simulator;

/// <summary>
/// The simulator as its own process, standing in for Hubble Relay in tests that kill it (SIGKILL, no goodbye on the
/// wire) and start it again on the same port. Its "listening on" line is the signal that it accepts connections.
/// The test project references simulator/NetObs.Simulator, so NetObs.Simulator.dll sits beside the tests.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;

    private SimulatorProcess(Process process, string address)
    {
        _process = process;
        Address = address;
    }

    /// <summary>The gRPC address, <c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    /// <summary>The gRPC port, to start the simulator again where clients expect it.</summary>
    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts the simulator with every scenario on three nodes and returns once it listens. <paramref name="port"/> 0 lets
    /// the OS pick; <paramref name="buffer"/> is each node's ring capacity; <paramref name="backfill"/> is how much history
    /// the buffers hold at start, in the simulator's duration syntax.
    /// </summary>
    public static async Task<SimulatorProcess> StartAsync(int port = 0, int buffer = 4095, int rate = 200, ulong seed = 11, string backfill = "2m")
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "NetObs.Simulator.dll"), "--listen", $"127.0.0.1:{port}", "--metrics-listen", "127.0.0.1:0",
            "--seed", seed.ToString(CultureInfo.InvariantCulture), "--scenario", "all", "--nodes", "3",
            "--rate", rate.ToString(CultureInfo.InvariantCulture), "--backfill", backfill,
            "--buffer", buffer.ToString(CultureInfo.InvariantCulture),
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
