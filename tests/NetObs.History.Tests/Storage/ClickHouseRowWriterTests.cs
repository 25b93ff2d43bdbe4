using System.Text;
using Google.Protobuf;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;

namespace NetObs.History.Tests.Storage;

public sealed class ClickHouseRowWriterTests
{
    [Fact]
    public void Rows_of_flows_queued_as_bytes_equal_those_of_parsed_flows_and_the_queued_flows_stay_unparsed()
    {
        // As the follower queues them: bytes only, parsed when a reader needs the message.
        var parsed = ScenarioFlows.All.Take(200).ToList();
        var queued = parsed.Select(f => new StoredFlow(f.Cluster, f.Node, f.TimeNs, f.Flow.ToByteArray())).ToList();

        var fromParsed = Encoding.UTF8.GetString(new ClickHouseRowWriter().Write(parsed).Span);
        var fromBytes = Encoding.UTF8.GetString(new ClickHouseRowWriter().Write(queued).Span);

        Assert.Equal(parsed.Count, fromBytes.Count(c => c == '\n'));
        Assert.Equal(fromParsed, fromBytes);
        Assert.All(queued, f => Assert.False(f.HoldsParsed, "the writer's parse is not kept on the batch's flows"));
    }

    [Fact]
    public void A_flow_parsed_for_one_use_carries_the_message_of_its_bytes_and_leaves_the_original_as_it_was()
    {
        var source = ScenarioFlows.All[0];
        var queued = new StoredFlow(source.Cluster, source.Node, source.TimeNs, source.Flow.ToByteArray());

        var once = queued.ParsedForOneUse();

        Assert.True(once.HoldsParsed);
        Assert.Equal(source.Flow, once.Flow);
        Assert.Equal(queued.Original.ToArray(), once.Original.ToArray());
        Assert.False(queued.HoldsParsed);
        Assert.Same(source, source.ParsedForOneUse());
    }

    [Fact]
    public void A_writer_used_for_a_large_batch_then_a_small_one_writes_only_the_small_ones_rows()
    {
        // The store keeps one writer for every batch, so its buffer must start empty each time.
        var writer = new ClickHouseRowWriter();
        var large = ScenarioFlows.All.Take(300).ToList();
        var small = ScenarioFlows.All.Skip(300).Take(3).ToList();

        writer.Write(large);
        var reused = Encoding.UTF8.GetString(writer.Write(small).Span);

        Assert.Equal(Encoding.UTF8.GetString(new ClickHouseRowWriter().Write(small).Span), reused);
        Assert.Equal(3, reused.Count(c => c == '\n'));
    }
}
