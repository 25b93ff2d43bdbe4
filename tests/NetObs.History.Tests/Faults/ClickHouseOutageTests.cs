using System.Net;
using Grpc.Health.V1;
using Grpc.Net.Client;
using NetObs.History.Hosting;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Tests.ClickHouse;
using NetObs.History.Tests.Following;
using NetObs.Testing.ClickHouse;

namespace NetObs.History.Tests.Faults;

/// <summary>
/// A real clickhouse-server killed mid-run and started again, and one that is down when the server starts: the history
/// server keeps running, buffers up to --buffer-flows, records what it dropped as gaps, and recovers by itself.
/// </summary>
public sealed class ClickHouseOutageTests() : LoneClickHouseTest("netobs-clickhouse-outage-")
{
    [Fact]
    public async Task A_store_killed_mid_run_costs_only_recorded_gaps_and_writing_resumes_when_it_is_back()
    {
        await using var simulator = await HistorySimulator.StartAsync();
        var log = new StringWriter();
        var uri = $"clickhouse://{ClickHouse.HttpAddress}/outage";
        await using var host = await StartAsync(simulator.Address, uri, bufferFlows: 1000, TextWriter.Synchronized(log));
        await HistoryFixture.WaitUntilAsync(() => host.Writer.Stored >= 500, "500 flows stored");

        await ClickHouse.KillAsync();
        await HistoryFixture.WaitUntilAsync(() => host.Writer.Problem is not null, "the writer noticed the store is down");
        await HistoryFixture.WaitUntilAsync(() => host.Queue.Dropped > 0, "the buffer overflowed and dropped its oldest flows");

        // Still serving while the store is down: the process and its gRPC server stay up.
        using (var channel = GrpcChannel.ForAddress($"http://{host.Endpoint}"))
        {
            var health = await new Health.HealthClient(channel).CheckAsync(new HealthCheckRequest { Service = "hubble.server.Observer" });
            Assert.Equal(HealthCheckResponse.Types.ServingStatus.Serving, health.Status);
        }

        var storedBeforeRestart = host.Writer.Stored;
        await ClickHouse.StartAgainAsync();
        await HistoryFixture.WaitUntilAsync(() => host.Writer.Problem is null && host.Writer.Stored > storedBeforeRestart + 500, "writing works again");

        // Stop following and drain the queue: every flow taken from the relay is now either stored or inside a gap.
        await host.StopAsync();
        var received = host.Followers[0].State.FlowsReceived;
        var stored = await StoreChecks.ReadAllAsync(host.Store, new FlowReadRequest());
        var dropped = (await host.Store.ReadGapsAsync(0, long.MaxValue, [], CancellationToken.None)).Where(g => g.Reason == FlowGapReason.DroppedWrites).ToList();

        Assert.Equal(stored.Count, stored.Select(f => f.Flow.Uuid).Distinct().Count());
        var gapList = string.Join("\n", dropped.Select(g => $"{g.Node} {g.FromNs}..{g.UntilNs} {g.Count}: {g.Detail}"));
        Assert.True(host.Writer.Stored == stored.Count, $"the writer counted {host.Writer.Stored} flows, the store holds {stored.Count}; gaps:\n{gapList}\nlog:\n{log}");
        Assert.True(dropped.Sum(g => g.Count) >= host.Queue.Dropped, $"gaps count {dropped.Sum(g => g.Count)} flows, the queue dropped {host.Queue.Dropped}");
        Assert.True(received == stored.Count + dropped.Sum(g => g.Count), $"received {received} flows, the store holds {stored.Count} and gaps count {dropped.Sum(g => g.Count)}; gaps:\n{gapList}\nlog:\n{log}");
        Assert.All(dropped, g => Assert.True(g.FromNs <= g.UntilNs && g.Count > 0 && g.Cluster == "sim"));

        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var down = Assert.Single(lines, l => l.Contains("cannot be reached", StringComparison.Ordinal));
        Assert.Contains(ClickHouse.HttpAddress, down, StringComparison.Ordinal);
        Assert.Contains("Check that clickhouse-server runs", down, StringComparison.Ordinal);
        Assert.Contains("--buffer-flows", down, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("works again", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_down_at_start_is_waited_for_and_named_once()
    {
        await ClickHouse.KillAsync();
        var log = new StringWriter();
        var location = new StoreLocation(StoreKind.ClickHouse, $"clickhouse://{ClickHouse.HttpAddress}/late", null);
        using var stopping = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        var opening = StoreOpener.OpenWaitingAsync(location, TimeProvider.System, TextWriter.Synchronized(log), stopping.Token);

        await HistoryFixture.WaitUntilAsync(() => log.ToString().Contains("Waiting for it", StringComparison.Ordinal), "the wait is reported");
        Assert.False(opening.IsCompleted);
        await ClickHouse.StartAgainAsync();
        await using var store = await opening;

        Assert.Empty(await StoreChecks.ReadAllAsync(store, new FlowReadRequest()));
        var lines = log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);
        var waiting = Assert.Single(lines, l => l.Contains("cannot be reached", StringComparison.Ordinal));
        Assert.StartsWith($"netobs-history: --store 'clickhouse://{ClickHouse.HttpAddress}/late': ", waiting, StringComparison.Ordinal);
        Assert.Contains("Check that clickhouse-server runs", waiting, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("answers now", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_store_that_answers_with_a_configuration_error_is_not_waited_for()
    {
        var location = new StoreLocation(StoreKind.ClickHouse, $"clickhouse://{ClickHouse.HttpAddress}/netobs?cluster=nosuch", null);

        var error = await Assert.ThrowsAsync<OptionsException>(
            () => StoreOpener.OpenWaitingAsync(location, TimeProvider.System, TextWriter.Null, CancellationToken.None));

        Assert.Contains("no cluster 'nosuch'", error.Message, StringComparison.Ordinal);
    }

    private static async Task<HistoryHost> StartAsync(string relay, string storeUri, int bufferFlows, TextWriter log)
    {
        var options = new HistoryOptions
        {
            Relays = [new RelayTarget("sim", relay)],
            Store = new StoreLocation(StoreKind.ClickHouse, storeUri, null),
            Listen = new IPEndPoint(IPAddress.Loopback, 0),
            BufferFlows = bufferFlows,
        };
        var store = await StoreOpener.OpenAsync(options.Store, CancellationToken.None);
        return await HistoryHost.StartAsync(options, store, TimeProvider.System, log);
    }
}
