using NetObs.History.Tests.Following;

namespace NetObs.History.Tests.Faults;

/// <summary>DuckDB's file cannot grow (RLIMIT_FSIZE stands in for a full disk): the server says so once and keeps serving what it stored.</summary>
public sealed class DiskFullTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("netobs-history-disk-full-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_full_disk_is_named_once_with_the_fix_and_what_was_stored_is_still_served()
    {
        await using var simulator = await HistorySimulator.StartAsync();
        var file = Path.Combine(_folder, "flows.duckdb");
        var log = Path.Combine(_folder, "history.log");
        await using var history = await HistoryServerRun.StartAsync(simulator.Address, file, log, fileSizeLimitBytes: 8_000_000, bufferFlows: 20_000);

        await HistoryFixture.WaitUntilAsync(() => HistoryServerRun.LogLines(log).Any(l => l.Contains("File too large", StringComparison.Ordinal)), "the failed write is reported");

        // Reads go on over what was written before the disk filled up.
        var counted = await history.StoredFlowsAsync();
        var served = await history.StoredUuidsAsync();
        Assert.Equal((long)counted, served.Count);

        var full = Assert.Single(HistoryServerRun.LogLines(log), l => l.Contains("fails:", StringComparison.Ordinal));
        Assert.StartsWith($"netobs-history: writing to duckdb:{file} fails: ", full, StringComparison.Ordinal);
        Assert.Contains("File too large", full, StringComparison.Ordinal);
        Assert.Contains("Check free disk space", full, StringComparison.Ordinal);
        Assert.Contains("--buffer-flows", full, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", full, StringComparison.Ordinal);

        await history.StopAsync(TimeSpan.FromSeconds(60));
        Assert.Equal(0, history.ExitCode);
    }
}
