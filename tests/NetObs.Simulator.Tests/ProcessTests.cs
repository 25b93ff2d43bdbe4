using System.Diagnostics;
using System.Text.RegularExpressions;
using Cilium.Observer;
using Grpc.Net.Client;

namespace NetObs.Simulator.Tests;

/// <summary>The command-line contract: one line once listening, clean exit on SIGTERM and SIGINT.</summary>
public sealed partial class ProcessTests
{
    [Theory]
    [InlineData("TERM")]
    [InlineData("INT")]
    public async Task Simulator_prints_where_it_listens_and_stops_on_a_signal(string signal)
    {
        using var process = Start("--listen", "127.0.0.1:0", "--metrics-listen", "127.0.0.1:0", "--seed", "3", "--scenario", "dns,drops",
            "--nodes", "2", "--buffer", "1023", "--rate", "500", "--backfill", "30s");
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
            var match = ListeningLine().Match(line ?? "");
            Assert.True(match.Success, $"unexpected first line: {line}");

            using var channel = GrpcChannel.ForAddress($"http://{match.Groups["grpc"].Value}");
            var status = await new Cilium.Observer.Observer.ObserverClient(channel).ServerStatusAsync(new ServerStatusRequest());
            Assert.Equal(2u, status.NumConnectedNodes);
            Assert.True(status.NumFlows > 0, "--backfill filled the buffers before the line was printed");
            using var http = new HttpClient();
            Assert.Contains("hubble_flows_processed_total{", await http.GetStringAsync(new Uri($"http://{match.Groups["metrics"].Value}/metrics")), StringComparison.Ordinal);

            using (var kill = Process.Start("kill", ["-" + signal, process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))
            {
                await kill.WaitForExitAsync();
            }

            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
            Assert.Equal(0, process.ExitCode);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill();
            }
        }
    }

    [Fact]
    public async Task Bad_option_exits_with_a_message_naming_it()
    {
        using var process = Start("--scenario", "nope");

        var error = await process.StandardError.ReadToEndAsync().WaitAsync(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("unknown scenario 'nope'", error, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args)
    {
        // Through env (coreutils) with SIGINT at its default: a test run started in the background of a shell hands
        // its children SIGINT ignored, and .NET keeps an inherited ignore, so Ctrl+C could not be tested otherwise.
        var start = new ProcessStartInfo("env") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        start.ArgumentList.Add("--default-signal=INT");
        start.ArgumentList.Add("dotnet");
        start.ArgumentList.Add(SimulatorAssembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static string SimulatorAssembly()
    {
        var beside = Path.Combine(AppContext.BaseDirectory, "NetObs.Simulator.dll");
        if (File.Exists(Path.Combine(AppContext.BaseDirectory, "NetObs.Simulator.runtimeconfig.json")))
        {
            return beside;
        }

        // Fall back to the simulator's own output folder for the same configuration.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;
        return Path.Combine(RepositoryPaths.Root, "simulator", "NetObs.Simulator", "bin", configuration, "net10.0", "NetObs.Simulator.dll");
    }

    [GeneratedRegex(@"^NetObs simulator listening on (?<grpc>127\.0\.0\.1:\d+) \(gRPC, plaintext\), metrics on http://(?<metrics>127\.0\.0\.1:\d+)/metrics$")]
    private static partial Regex ListeningLine();
}
