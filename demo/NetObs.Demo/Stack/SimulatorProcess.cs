using System.Text.RegularExpressions;
using NetObs.Demo.Processes;

namespace NetObs.Demo.Stack;

/// <summary>The Hubble Relay simulator, started on OS-assigned loopback ports with the demo's scenarios.</summary>
internal sealed partial class SimulatorProcess : IAsyncDisposable
{
    private readonly ChildProcess process;

    private SimulatorProcess(ChildProcess process, string relayAddress, string metricsAddress)
    {
        this.process = process;
        RelayAddress = relayAddress;
        MetricsAddress = metricsAddress;
    }

    /// <summary>host:port of the observer.Observer gRPC service, as a data source's `url` takes it.</summary>
    public string RelayAddress { get; }

    /// <summary>host:port of the Prometheus /metrics endpoint.</summary>
    public string MetricsAddress { get; }

    public static async Task<SimulatorProcess> StartAsync(string executable, SimulatorSettings settings, string logFile, CancellationToken cancellation)
    {
        var arguments = settings.Arguments("127.0.0.1:0", "127.0.0.1:0");
        var process = ChildProcess.Start(Launch("simulator", executable, arguments, logFile));
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

    /// <summary>Runs a .NET program through its apphost, or through `dotnet` when only the dll is there.</summary>
    internal static ChildProcessSpec Launch(string name, string executable, IReadOnlyList<string> arguments, string logFile)
    {
        if (File.Exists(executable))
        {
            return new ChildProcessSpec(name, executable, arguments, logFile);
        }

        // Path.ChangeExtension would turn "NetObs.Simulator" into "NetObs.dll": only a ".exe" apphost has an extension.
        var dll = executable.EndsWith(".exe", StringComparison.OrdinalIgnoreCase) ? Path.ChangeExtension(executable, ".dll") : executable + ".dll";
        if (File.Exists(dll))
        {
            return new ChildProcessSpec(name, "dotnet", [dll, .. arguments], logFile);
        }

        throw new FileNotFoundException(
            $"The {name} is not built: neither '{executable}' nor '{dll}' exists. Build it with `dotnet build -c Release` or run `dotnet cake --target=Demo`.");
    }

    public async Task StopAsync() => await process.StopAsync(TimeSpan.FromSeconds(10));

    public ValueTask DisposeAsync() => process.DisposeAsync();

    // The contract line: "... listening on 127.0.0.1:PORT (gRPC, plaintext), metrics on http://127.0.0.1:PORT/metrics".
    [GeneratedRegex(@"listening on (?<relay>\d+\.\d+\.\d+\.\d+:\d+)\b.*metrics on http://(?<metrics>[^/\s]+)/metrics", RegexOptions.CultureInvariant)]
    private static partial Regex ListeningLine();
}
