using NetObs.History.Storage;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.History.Tests.ClickHouse;

/// <summary>Flows of the simulator's scenarios, generated in process (no relay), as a history store receives them.</summary>
internal static class ScenarioFlows
{
    /// <summary>2026-03-01T00:00:00Z: a day boundary, so day partitions are easy to reason about.</summary>
    public const long Start = 1_772_323_200_000_000_000;

    public const long NanosPerDay = 86_400_000_000_000;

    /// <summary>Every scenario over <paramref name="span"/> from <paramref name="start"/>, stamped with <paramref name="cluster"/>.</summary>
    public static List<StoredFlow> Generate(string cluster, TimeSpan span, ulong seed = 7, double rate = 300, long start = Start)
    {
        var engine = new ScenarioEngine(new ClusterModel(3, cluster), ScenarioSet.All, seed, rate, start, 0);
        var flows = new List<StoredFlow>();
        engine.GenerateUntil(start + (span.Ticks * 100), scheduled => flows.Add(StoredFlow.From(cluster, scheduled.Flow)));
        return flows;
    }

    /// <summary>The order a store returns flows in: time, then cluster, node and the original bytes (ordinal).</summary>
    public static List<StoredFlow> InStoreOrder(IEnumerable<StoredFlow> flows) =>
        [.. flows.OrderBy(f => f.TimeNs).ThenBy(f => f.Cluster, StringComparer.Ordinal).ThenBy(f => f.Node, StringComparer.Ordinal).ThenBy(f => f.Original, ByteOrder.Instance)];

    /// <summary>Asserts both lists hold the same flows in the same order, byte for byte.</summary>
    public static void AssertSameFlows(IReadOnlyList<StoredFlow> expected, IReadOnlyList<StoredFlow> actual, string context)
    {
        Assert.True(expected.Count == actual.Count, $"{context}: expected {expected.Count} flows, the store returned {actual.Count}");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                expected[i].TimeNs == actual[i].TimeNs && expected[i].Cluster == actual[i].Cluster && expected[i].Node == actual[i].Node
                    && expected[i].Original.Span.SequenceEqual(actual[i].Original.Span),
                $"{context}: flow {i} differs (expected time {expected[i].TimeNs} on {expected[i].Node}, got {actual[i].TimeNs} on {actual[i].Node})");
        }
    }

    private sealed class ByteOrder : IComparer<ReadOnlyMemory<byte>>
    {
        public static readonly ByteOrder Instance = new();

        public int Compare(ReadOnlyMemory<byte> x, ReadOnlyMemory<byte> y) => x.Span.SequenceCompareTo(y.Span);
    }
}
