using NetObs.History.Observer;
using NetObs.History.Tests.Following;

namespace NetObs.History.Tests.Server;

public sealed class FeedHandOverTests
{
    [Fact]
    public void Each_node_switches_from_store_to_feed_at_its_own_newest_stored_time()
    {
        var handOver = new FeedHandOver(new Dictionary<(string, string), long> { [("prod", "a")] = 100, [("prod", "b")] = 50 });

        Assert.True(handOver.TakeFromStore(IngestQueueTests.Flow("a", 90)));
        Assert.True(handOver.TakeFromStore(IngestQueueTests.Flow("b", 50)));
        Assert.False(handOver.TakeFromStore(IngestQueueTests.Flow("b", 60)));
        Assert.False(handOver.TakeFromStore(IngestQueueTests.Flow("c", 1)));

        Assert.True(handOver.TakeFromFeed(IngestQueueTests.Flow("b", 60)));
        Assert.True(handOver.TakeFromFeed(IngestQueueTests.Flow("c", 1)));
        Assert.False(handOver.TakeFromFeed(IngestQueueTests.Flow("a", 90)));
    }

    [Fact]
    public void A_flow_at_the_boundary_is_sent_once_whichever_side_has_it()
    {
        var handOver = new FeedHandOver(new Dictionary<(string, string), long> { [("prod", "a")] = 100 });
        var sentFromStore = IngestQueueTests.Flow("a", 100);
        Assert.True(handOver.TakeFromStore(sentFromStore));

        var other = IngestQueueTests.Flow("a", 100);
        other = other with { Flow = other.Flow.Clone(), Original = Google.Protobuf.MessageExtensions.ToByteArray(new Cilium.Flow.Flow(other.Flow) { Uuid = "other" }) };

        Assert.False(handOver.TakeFromFeed(IngestQueueTests.Flow("a", 100)));
        Assert.True(handOver.TakeFromFeed(other));
    }
}
