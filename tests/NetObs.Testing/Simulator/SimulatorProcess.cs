using System.Globalization;
using System.Text.RegularExpressions;
using NetObs.Testing.Processes;

namespace NetObs.Testing.Simulator;

/// <summary>
/// The Hubble Relay simulator as its own process, for the demo and for tests that kill it (SIGKILL, no goodbye on the
/// wire) and start it again on the same port. Its "listening on" line is the signal that it accepts connections.
/// </summary>
public sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly ChildProcess _process;

    private SimulatorProcess(ChildProcess process, string relayAddress, string metricsAddress)
    {
        _process = process;
        RelayAddress = relayAddress;
        MetricsAddress = metricsAddress;
    }

    /// <summary>host:port of the observer.Observer gRPC service, as a data source's `url` takes it.</summary>
    public string RelayAddress { get; }

    /// <summary>The gRPC address, <c>127.0.0.1:port</c> (the same as <see cref="RelayAddress"/>).</summary>
    public string Address => RelayAddress;

    /// <summary>host:port of the Prometheus /metrics endpoint.</summary>
    public string MetricsAddress { get; }

    /// <summary>The gRPC port, to start the simulator again where clients expect it.</summary>
    public int Port => int.Parse(RelayAddress[(RelayAddress.LastIndexOf(':') + 1)..], CultureInfo.InvariantCulture);

    /// <summary>
    /// Starts the simulator beside the tests (the test project references simulator/NetObs.Simulator) with every scenario
    /// on three nodes. <paramref name="port"/> 0 lets the OS pick; <paramref name="buffer"/> is each node's ring capacity;
    /// <paramref name="backfill"/> is how much history the buffers hold at start, in the simulator's duration syntax.
    /// </summary>
    public static Task<SimulatorProcess> StartAsync(int port = 0, int buffer = 4095, int rate = 200, ulong seed = 11, string backfill = "2m")
    {
        var settings = new SimulatorSettings { Seed = seed, Buffer = buffer, Rate = rate, Backfill = ParseBackfill(backfill) };
        return StartAsync(DotnetProgram.BesideTests("NetObs.Simulator"), settings, logFile: null, CancellationToken.None, $"127.0.0.1:{port}");
    }

    /// <summary>Starts <paramref name="executable"/> with <paramref name="settings"/> on OS-assigned loopback ports (or <paramref name="listen"/>).</summary>
    public static async Task<SimulatorProcess> StartAsync(string executable, SimulatorSettings settings, string? logFile, CancellationToken cancellation, string listen = "127.0.0.1:0")
    {
        ArgumentNullException.ThrowIfNull(settings);
        var process = ChildProcess.Start(DotnetProgram.Spec("simulator", executable, settings.Arguments(listen, "127.0.0.1:0"), logFile));
        try
        {
            var line = await process.WaitForLineAsync(l => ListeningLine().IsMatch(l), TimeSpan.FromSeconds(120), cancellation);
            var match = ListeningLine().Match(line);
            return new SimulatorProcess(process, match.Groups["relay"].Value, match.Groups["metrics"].Value);
        }
        catch
        {
            await process.DisposeAsync();
            throw;
        }
    }

    /// <summary>Asks the simulator to stop (SIGTERM) and kills it after ten seconds.</summary>
    public Task StopAsync() => _process.StopAsync(TimeSpan.FromSeconds(10));

    /// <summary>Kills the process as an out-of-memory kill or a node failure would, and waits until it is gone.</summary>
    public Task KillAsync() => _process.KillAsync();

    public ValueTask DisposeAsync() => _process.DisposeAsync();

    private static TimeSpan ParseBackfill(string text)
    {
        var match = BackfillText().Match(text);
        if (!match.Success)
        {
            throw new ArgumentException($"backfill '{text}' is not a duration like 90s, 2m or 1h.", nameof(text));
        }

        var value = int.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture);
        return match.Groups["unit"].Value switch
        {
            "s" => TimeSpan.FromSeconds(value),
            "m" => TimeSpan.FromMinutes(value),
            _ => TimeSpan.FromHours(value),
        };
    }

    // The contract line: "NetObs simulator listening on 127.0.0.1:PORT (gRPC, plaintext), metrics on http://127.0.0.1:PORT/metrics".
    [GeneratedRegex(@"listening on (?<relay>\d+\.\d+\.\d+\.\d+:\d+)\b.*metrics on http://(?<metrics>[^/\s]+)/metrics", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"^(?<value>\d+)(?<unit>[smh])$", RegexOptions.CultureInvariant)]
    private static partial Regex BackfillText();
}
