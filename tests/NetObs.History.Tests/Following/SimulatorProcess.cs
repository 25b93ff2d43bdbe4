using System.Diagnostics;
using System.Text.RegularExpressions;
using Cilium.Observer;
using Grpc.Net.Client;

namespace NetObs.History.Tests.Following;

/// <summary>
/// The simulator as its own process, standing in for Hubble Relay: killed with SIGKILL (no goodbye on the wire)
/// and started again on the same port. Its "listening on" line is the signal that it accepts connections.
/// </summary>
internal sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly GrpcChannel _channel;

    private SimulatorProcess(Process process, string address)
    {
        _process = process;
        Address = address;
        _channel = GrpcChannel.ForAddress($"http://{address}");
        Observer = new Cilium.Observer.Observer.ObserverClient(_channel);
    }

    /// <summary>The gRPC address, <c>127.0.0.1:port</c>.</summary>
    public string Address { get; }

    public int Port => int.Parse(Address[(Address.LastIndexOf(':') + 1)..], System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A client of the simulator's observer API, to compare with what history stored.</summary>
    public Cilium.Observer.Observer.ObserverClient Observer { get; }

    /// <summary>Starts the simulator and returns once it listens; <paramref name="buffer"/> is each node's ring capacity.</summary>
    public static async Task<SimulatorProcess> StartAsync(int port = 0, int buffer = 4095, int rate = 300, ulong seed = 11)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in new[]
        {
            Path.Combine(AppContext.BaseDirectory, "NetObs.Simulator.dll"), "--listen", $"127.0.0.1:{port}", "--metrics-listen", "127.0.0.1:0",
            "--seed", seed.ToString(System.Globalization.CultureInfo.InvariantCulture), "--scenario", "all", "--nodes", "3",
            "--rate", rate.ToString(System.Globalization.CultureInfo.InvariantCulture), "--backfill", "1m",
            "--buffer", buffer.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>Every flow the simulator's buffers hold right now (GetFlows without follow).</summary>
    public async Task<IReadOnlyList<Cilium.Flow.Flow>> BufferedFlowsAsync()
    {
        var flows = new List<Cilium.Flow.Flow>();
        using var call = Observer.GetFlows(new GetFlowsRequest { Since = new Google.Protobuf.WellKnownTypes.Timestamp() });
        while (await call.ResponseStream.MoveNext(CancellationToken.None))
        {
            if (call.ResponseStream.Current.Flow is { } flow)
            {
                flows.Add(flow);
            }
        }

        return flows;
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
        _channel.Dispose();
        _process.Dispose();
    }

    [GeneratedRegex(@"^NetObs simulator listening on (?<grpc>127\.0\.0\.1:\d+) \(gRPC, plaintext\)")]
    private static partial Regex ListeningLine();
}
