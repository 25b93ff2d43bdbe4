using Cilium.Flow;
using NetObs.History.Storage;
using NetObs.Simulator.Options;
using NetObs.Simulator.Scenarios;

namespace NetObs.HistoryGrafana.Tests;

/// <summary>
/// Three hours of every simulator scenario from two clusters, ending a minute ago: far more than a relay's ring buffer
/// holds, so only a history server can answer for the whole range. Generated once per process, oldest first, with the
/// gaps the history server records beside them.
/// </summary>
internal static class StoredScenario
{
    public static readonly TimeSpan Span = TimeSpan.FromHours(3);

    private static readonly Lazy<IReadOnlyList<StoredFlow>> Cached = new(Generate);

    /// <summary>When the stored history ends (a minute before the tests started).</summary>
    public static DateTimeOffset End { get; } = DateTimeOffset.FromUnixTimeSeconds(DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 60);

    public static DateTimeOffset Start => End - Span;

    public static IReadOnlyList<StoredFlow> Flows => Cached.Value;

    public static IReadOnlyList<string> Clusters { get; } = ["east", "west"];

    /// <summary>Where the stored gaps begin: two hours before <see cref="End"/>.</summary>
    public static DateTimeOffset GapFrom => End.AddHours(-2);

    /// <summary>The first node of cluster east, whose relay was unavailable for five minutes.</summary>
    public static string EastNode => Flows.First(f => f.Cluster == "east").Node;

    /// <summary>Two gaps: east's node lost its relay for five minutes, and west's relay lost 1234 flows a little later.</summary>
    public static IReadOnlyList<FlowGap> Gaps =>
    [
        Gap("east", EastNode, GapFrom, GapFrom.AddMinutes(5), 0, FlowGapReason.RelayUnavailable, "relay restarted"),
        Gap("west", string.Empty, GapFrom.AddMinutes(30), GapFrom.AddMinutes(31), 1234, FlowGapReason.LostEvents, "ring buffer overflow"),
    ];

    private static IReadOnlyList<StoredFlow> Generate()
    {
        var startNs = Start.ToUnixTimeMilliseconds() * 1_000_000L;
        var endNs = End.ToUnixTimeMilliseconds() * 1_000_000L;
        var flows = new List<StoredFlow>();
        for (var i = 0; i < Clusters.Count; i++)
        {
            var cluster = Clusters[i];
            var engine = new ScenarioEngine(new ClusterModel(3, cluster), ScenarioSet.All, (ulong)(21 + i), i == 0 ? 3 : 1, startNs, 0);
            engine.GenerateUntil(endNs, scheduled => flows.Add(StoredFlow.From(cluster, scheduled.Flow)));
        }

        return [.. flows.OrderBy(f => f.TimeNs)];
    }

    private static FlowGap Gap(string cluster, string node, DateTimeOffset from, DateTimeOffset until, long count, FlowGapReason reason, string detail) =>
        new(cluster, node, from.ToUnixTimeMilliseconds() * 1_000_000L, until.ToUnixTimeMilliseconds() * 1_000_000L, count, reason, detail);

    /// <summary>The flows alone, as a relay would stream them.</summary>
    public static IReadOnlyList<Flow> AsFlows() => [.. Flows.Select(f => f.Flow)];
}
