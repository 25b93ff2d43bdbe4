using Cilium.Flow;
using NetObs.Simulator.Options;

namespace NetObs.Simulator.Scenarios;

/// <summary>
/// Expands the selected scenarios into one time-ordered stream of flows. Everything is a function of
/// the seed and of time relative to the start: episodes begin at offsets drawn from the seeded
/// generator, and their flows wait in a heap until their own time, so the stream does not depend on
/// how often or how late the caller asks for it.
/// </summary>
public sealed class ScenarioEngine : IFlowSource
{
    private readonly IScenario[] _scenarios;
    private readonly double[] _cumulativeWeights;
    private readonly DeterministicRandom _random;
    private readonly EpisodeContext _context;
    private readonly PriorityQueue<ScheduledFlow, (long Time, long Sequence)> _pending = new();
    private readonly double _rate;
    private readonly long _startUnixNanos;
    private long _sequence;
    private long _nextEpisodeOffsetNanos;

    /// <param name="startUnixNanos">The simulator's start; offsets are counted from it.</param>
    /// <param name="firstOffsetNanos">Where the timeline begins, e.g. minus the backfill.</param>
    public ScenarioEngine(ClusterModel cluster, ScenarioSet scenarios, ulong seed, double rate, long startUnixNanos, long firstOffsetNanos)
    {
        var policies = new PolicyCatalog();
        var all = new List<IScenario>();
        if (scenarios.HasFlag(ScenarioSet.Dns))
        {
            all.Add(new DnsScenario(cluster, policies));
        }

        if (scenarios.HasFlag(ScenarioSet.Drops))
        {
            all.Add(new DropsScenario(cluster, policies));
        }

        if (scenarios.HasFlag(ScenarioSet.Tcp))
        {
            all.Add(new TcpScenario(cluster));
        }

        if (scenarios.HasFlag(ScenarioSet.L7))
        {
            all.Add(new L7Scenario(cluster, policies));
        }

        if (scenarios.HasFlag(ScenarioSet.Background))
        {
            all.Add(new BackgroundScenario(cluster));
        }

        _scenarios = [.. all];
        _cumulativeWeights = new double[_scenarios.Length];
        var sum = 0.0;
        for (var i = 0; i < _scenarios.Length; i++)
        {
            sum += _scenarios[i].Weight;
            _cumulativeWeights[i] = sum;
        }

        _random = new DeterministicRandom(seed);
        _rate = rate;
        _startUnixNanos = startUnixNanos;
        _nextEpisodeOffsetNanos = firstOffsetNanos;
        _context = new EpisodeContext(cluster, _random, new FlowFactory(), Schedule);
    }

    public ClusterModel Cluster => _context.Cluster;

    /// <summary>Hands every flow up to <paramref name="untilUnixNanos"/> to <paramref name="sink"/>, oldest first; returns how many.</summary>
    public int GenerateUntil(long untilUnixNanos, Action<ScheduledFlow> sink)
    {
        var count = 0;
        while (true)
        {
            var episodeAt = _startUnixNanos + _nextEpisodeOffsetNanos;
            var hasPending = _pending.TryPeek(out _, out var head);
            if (episodeAt <= untilUnixNanos && (!hasPending || episodeAt <= head.Time))
            {
                RunEpisode();
                continue;
            }

            if (hasPending && head.Time <= untilUnixNanos)
            {
                sink(_pending.Dequeue());
                count++;
                continue;
            }

            return count;
        }
    }

    private void RunEpisode()
    {
        var roll = _random.NextDouble() * _cumulativeWeights[^1];
        var index = Array.FindIndex(_cumulativeWeights, w => roll < w);
        _context.OffsetNanos = _nextEpisodeOffsetNanos;
        _context.StartUnixNanos = _startUnixNanos + _nextEpisodeOffsetNanos;
        _context.Emitted = 0;
        _scenarios[index < 0 ? ^1 : index].Run(_context);

        // Space episodes so that, on average, --rate flows are produced per second.
        var flows = Math.Max(1, _context.Emitted);
        var gapNanos = flows / _rate * 1e9 * (0.5 + _random.NextDouble());
        _nextEpisodeOffsetNanos += Math.Max(1, (long)gapNanos);
    }

    private void Schedule(long timeUnixNanos, int nodeIndex, Flow flow) =>
        _pending.Enqueue(new ScheduledFlow(timeUnixNanos, nodeIndex, flow), (timeUnixNanos, _sequence++));
}
