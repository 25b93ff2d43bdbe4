using System.Net;
using System.Net.Sockets;
using Cilium.Observer;
using Google.Protobuf.WellKnownTypes;
using NetObs.History.Tests.Following;

namespace NetObs.History.Tests.Faults;

/// <summary>A relay that is not there yet: the server serves, keeps trying, says so once, and follows it once it comes.</summary>
public sealed class UnreachableRelayTests
{
    [Fact]
    public async Task An_unreachable_relay_is_reported_once_retried_and_followed_once_it_answers()
    {
        var port = FreePort();
        var log = new StringWriter();
        await using var history = new HistoryFixture();
        await history.StartAsync($"127.0.0.1:{port}", log: TextWriter.Synchronized(log));

        // Several failed attempts, a positive signal that the follower keeps trying.
        await HistoryFixture.WaitUntilAsync(() => history.Follower.FailedAttempts >= 4, "four failed attempts to reach the relay");

        // Meanwhile the observer API serves what it has: nothing stored yet, and the relay named as unavailable.
        var status = await history.Observer.ServerStatusAsync(new ServerStatusRequest());
        Assert.Equal(1u, status.NumUnavailableNodes);
        Assert.Contains(status.UnavailableNodes, n => n.Contains($"127.0.0.1:{port}", StringComparison.Ordinal));
        var served = await history.GetFlowsAsync(new GetFlowsRequest { Since = new Timestamp() });
        Assert.DoesNotContain(served, r => r.Flow is not null);

        await using var simulator = await HistorySimulator.StartAsync(port);
        await history.WaitForConnectionsAsync(1);
        await history.WaitForStoredAsync(100);

        var lines = Lines(log);
        var unreachable = Assert.Single(lines, l => l.Contains("cannot reach", StringComparison.Ordinal));
        Assert.StartsWith("netobs-history: cluster sim: ", unreachable, StringComparison.Ordinal);
        Assert.Contains($"Hubble Relay at 127.0.0.1:{port}", unreachable, StringComparison.Ordinal);
        Assert.Contains("connection refused", unreachable, StringComparison.Ordinal);
        Assert.Contains("running on that port", unreachable, StringComparison.Ordinal);
        Assert.Contains("retrying", unreachable, StringComparison.Ordinal);
        Assert.DoesNotContain("Exception", unreachable, StringComparison.Ordinal);
        Assert.Single(lines, l => l.Contains("again", StringComparison.Ordinal));
    }

    private static string[] Lines(StringWriter log) => log.ToString().Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
