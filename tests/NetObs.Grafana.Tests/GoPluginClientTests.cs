using System.Diagnostics;
using System.Text.Json;

namespace NetObs.Grafana.Tests;

/// <summary>
/// Launches the sample plugin through hashicorp/go-plugin's own client (the library Grafana uses), built from
/// Debian's golang-go and golang-github-hashicorp-go-plugin-dev in GOPATH mode, without module downloads.
/// </summary>
public sealed class GoPluginClientTests
{
    [Fact]
    public async Task Go_plugin_client_negotiates_protocol_2_pings_health_and_kill_finds_the_process_gone()
    {
        var gohost = await BuildGoHostAsync();

        var (exitCode, stdout, stderr) = await RunAsync(gohost, [SamplePlugin.Executable], environment: null, TimeSpan.FromMinutes(2));

        Assert.True(exitCode == 0, $"gohost exited {exitCode}\nstdout: {stdout}\nstderr: {stderr}");
        var report = JsonDocument.Parse(stdout.Trim().Split('\n')[^1]).RootElement;
        Assert.Equal(2, report.GetProperty("negotiatedVersion").GetInt32());
        Assert.Equal("grpc", report.GetProperty("protocol").GetString());
        Assert.StartsWith("127.0.0.1:", report.GetProperty("address").GetString(), StringComparison.Ordinal);
        Assert.Equal("", report.GetProperty("pingError").GetString());
        Assert.True(report.GetProperty("exitedAfterKill").GetBoolean());
        // Kill calls Shutdown, then waits 2 s for the process to exit before it SIGKILLs it and says so.
        Assert.DoesNotContain("plugin failed to exit gracefully", stderr, StringComparison.Ordinal);
        Assert.True(report.GetProperty("killSeconds").GetDouble() < 10, $"Kill took {report.GetProperty("killSeconds")} s");
        // go-plugin parsed our stderr as hclog JSON: it re-logs our lines at their level, with our message.
        Assert.Contains("[INFO]  gohost.", stderr, StringComparison.Ordinal);
        Assert.Contains("Grafana asked the plugin to shut down", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("@message", stderr, StringComparison.Ordinal);
    }

    private static async Task<string> BuildGoHostAsync()
    {
        var output = Path.Combine(Path.GetTempPath(), $"netobs-gohost-{Environment.ProcessId}");
        var cache = Path.Combine(Path.GetTempPath(), "netobs-go-build-cache");
        var gopath = Path.Combine(Path.GetTempPath(), "netobs-gopath");
        var environment = new Dictionary<string, string>
        {
            // GOPATH mode against Debian's packaged sources in /usr/share/gocode: nothing is downloaded.
            ["GO111MODULE"] = "off",
            ["GOPATH"] = $"{gopath}:/usr/share/gocode",
            ["GOCACHE"] = cache,
            ["GOFLAGS"] = "",
            ["GOPROXY"] = "off",
        };
        var (exitCode, stdout, stderr) = await RunAsync(
            "go", ["build", "-o", output, "."], environment, TimeSpan.FromMinutes(5), Path.Combine(RepositoryPaths.Root, "tests", "gohost"));
        Assert.True(exitCode == 0, $"go build of tests/gohost failed ({exitCode}); install golang-go and golang-github-hashicorp-go-plugin-dev (see .ci/run).\n{stdout}\n{stderr}");
        return output;
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(
        string fileName, string[] args, IReadOnlyDictionary<string, string>? environment, TimeSpan timeout, string? workingDirectory = null)
    {
        var start = new ProcessStartInfo(fileName, args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory ?? Path.GetTempPath(),
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timer = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(timer.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{fileName} {string.Join(' ', args)} ran longer than {timeout}");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
