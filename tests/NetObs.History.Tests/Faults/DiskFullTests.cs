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
        using var history = await HistoryServerProcess.StartAsync(simulator.Address, file, fileSizeLimitBytes: 8_000_000, bufferFlows: 20_000);

        await HistoryFixture.WaitUntilAsync(() => history.Stderr.Contains("File too large", StringComparison.Ordinal), "the failed write is reported");

        // Reads go on over what was written before the disk filled up.
        var counted = await history.StoredFlowsAsync();
        var served = await history.StoredUuidsAsync();
        Assert.Equal((long)counted, served.Count);

        var lines = history.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var full = Assert.Single(lines, l => l.Contains("fails:", StringComparison.Ordinal));
        Assert.StartsWith($"netobs-history: writing to duckdb:{file} fails: ", full, StringComparison.Ordinal);
        Assert.Contains("File too large", full, StringComparison.Ordinal);
        Assert.Contains("Check free disk space", full, StringComparison.Ordinal);
        Assert.Contains("--buffer-flows", full, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", full, StringComparison.Ordinal);

        Assert.Equal(0, await history.StopAsync());
    }
}
