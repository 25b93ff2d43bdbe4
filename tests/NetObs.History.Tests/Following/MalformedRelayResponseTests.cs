using System.Runtime.CompilerServices;
using Cilium.Observer;
using Google.Protobuf;
using NetObs.History.Following;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Tests.Storage;

namespace NetObs.History.Tests.Following;

public sealed class MalformedRelayResponseTests
{
    [Fact]
    public async Task A_malformed_response_is_skipped_as_a_gap_of_one_and_the_stream_goes_on()
    {
        var flow = ScenarioFlows.All[0];
        var good = new GetFlowsResponse { Flow = flow.Flow, NodeName = flow.Node }.ToByteArray();
        var queue = new IngestQueue(100);
        var log = new StringWriter();
        using var ended = new CancellationTokenSource();
        var follower = new RelayFollower(new RelayTarget("prod", "relay:4245"),
            (_, token) => Stream([[0x0A, 0x10, 0x01], good], ended, token), queue, new ResumePoint(), TimeProvider.System, log);

        await follower.RunAsync(ended.Token);

        var (gaps, flows) = (await queue.TakeAsync(CancellationToken.None))!.Value;
        var gap = Assert.Single(gaps);
        Assert.Equal(("prod", 1L, FlowGapReason.LostEvents), (gap.Cluster, gap.Count, gap.Reason));
        Assert.Contains("Hubble Relay at relay:4245 sent a GetFlows response of 3 bytes that is not a valid message (it starts 0a1001)", gap.Detail, StringComparison.Ordinal);
        Assert.Contains(gap.Detail, log.ToString(), StringComparison.Ordinal);
        var stored = Assert.Single(flows);
        Assert.Equal(flow.Original.ToArray(), stored.Original.ToArray());
    }

    private static async IAsyncEnumerable<RelayResponse> Stream(byte[][] payloads, CancellationTokenSource ended, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var payload in payloads)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return RelayResponseReader.Read(payload);
        }

        // One pass is the test: end following once the stream has been read.
        await ended.CancelAsync();
    }
}
