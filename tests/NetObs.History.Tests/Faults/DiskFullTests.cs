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

        // Reads go on over what was written before the disk filled up. The count and the flows are two reads, and the
        // store is still between them only until the buffer overflows (about a minute after the failure at the simulator's
        // rate): then the writer records the dropped flows as a gap and takes a new batch, which is stored if it fits what
        // the WAL has left. So the flows served must lie between a count read before and one read after, none twice; a
        // mismatch names all three numbers (it failed once under load as "8554 counted, 4438 served", not telling which
        // read moved).
        var countedBefore = (long)await history.StoredFlowsAsync();
        var served = await history.ServedUuidsAsync();
        var countedAfter = (long)await history.StoredFlowsAsync();
        var distinct = served.Distinct(StringComparer.Ordinal).Count();
        var counts = $"counted {countedBefore} before and {countedAfter} after serving {served.Count} flows ({distinct} distinct); log:\n{string.Join('\n', HistoryServerRun.LogLines(log))}";
        Assert.True(distinct == served.Count, counts);
        Assert.True(countedBefore <= served.Count && served.Count <= countedAfter, counts);

        var full = Assert.Single(HistoryServerRun.LogLines(log), l => l.Contains("fails:", StringComparison.Ordinal));
        Assert.StartsWith($"netobs-history: writing to duckdb:{file} fails: ", full, StringComparison.Ordinal);
        Assert.Contains("File too large", full, StringComparison.Ordinal);
        Assert.Contains("Check free disk space", full, StringComparison.Ordinal);
        Assert.Contains("--buffer-flows", full, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", full, StringComparison.Ordinal);

        await history.StopAsync(TimeSpan.FromSeconds(60));
        Assert.True(history.ExitCode == 0, $"the server exited with {history.ExitCode}; its log ends:\n{string.Join('\n', HistoryServerRun.LogLines(log).TakeLast(40))}");
    }
}
