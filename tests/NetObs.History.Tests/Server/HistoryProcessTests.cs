using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using NetObs.Testing.History;

namespace NetObs.History.Tests.Server;

/// <summary>The netobs-history executable: its one stdout line, a clean stop on SIGTERM, exit code 2 for bad options, and import's report.</summary>
public sealed partial class HistoryProcessTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-process-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task It_prints_one_line_once_it_serves_and_stops_cleanly_on_SIGTERM()
    {
        using var process = Start("--store", $"duckdb:{Path.Combine(_folder, "flows.duckdb")}", "--listen", "127.0.0.1:0");
        var stderr = process.StandardError.ReadToEndAsync();

        var line = await process.StandardOutput.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(90));
        Assert.Matches(ListeningLine(), line ?? "");

        Assert.Equal(0, Kill(process.Id, 15));
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, process.ExitCode);
        Assert.Equal("", await process.StandardOutput.ReadToEndAsync());
        Assert.Equal("", await stderr);
    }

    [Fact]
    public async Task Bad_options_exit_with_2_and_say_what_to_fix()
    {
        using var process = Start("--store", "sqlite:flows.db", "--retention", "forever");

        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));
        var stderr = await process.StandardError.ReadToEndAsync();

        Assert.Equal(2, process.ExitCode);
        Assert.Contains("netobs-history: --store 'sqlite:flows.db': unknown store scheme 'sqlite'", stderr, StringComparison.Ordinal);
        Assert.Contains("netobs-history: --retention 'forever' is not a duration", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_reports_lines_read_flows_stored_and_lines_skipped()
    {
        var file = Path.Combine(_folder, "events.log");
        var flow = """{"flow":{"time":"2025-04-16T18:49:59.450508431Z","uuid":"u1","verdict":"FORWARDED","node_name":"c1/n1","Type":"L3_L4"},"node_name":"c1/n1","time":"2025-04-16T18:49:59.450508431Z"}""";
        await File.WriteAllLinesAsync(file, [flow, "not json", flow.Replace("u1", "u2", StringComparison.Ordinal)]);

        using var process = Start("import", "--store", $"duckdb:{Path.Combine(_folder, "flows.duckdb")}", file);
        var stdout = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.Equal(0, process.ExitCode);
        Assert.Contains($"{file}: 3 lines read, 2 flows stored, 1 lines skipped", stdout, StringComparison.Ordinal);
        Assert.Contains("skipped 1 unreadable line(s) (lines 2)", stdout, StringComparison.Ordinal);
        Assert.Contains("total: 3 lines read, 2 flows stored, 1 lines skipped", stdout, StringComparison.Ordinal);
    }

    private static Process Start(params string[] args) => HistoryProcess.StartBare(args);

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);

    [GeneratedRegex(@"^NetObs history listening on 127\.0\.0\.1:\d+ \(gRPC, plaintext\), store duckdb:.*flows\.duckdb, following no relay$")]
    private static partial Regex ListeningLine();
}
