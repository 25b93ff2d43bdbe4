using Cilium.Flow;
using NetObs.Simulator.Scenarios;

namespace NetObs.Simulator.Export;

/// <summary>
/// The incident an exported history holds: pets/store-admin calls pets/product-service about once a minute, allowed by
/// revision 4 of the product-service-ingress policy, until revision 5 is rolled out at <see cref="IncidentWindow.Start"/>
/// and denies every SYN (POLICY_DENIED at the server's ingress, ingress_denied_by) until it is rolled back at
/// <see cref="IncidentWindow.End"/>. Its own seeded dice keep the scenarios' stream unchanged.
/// </summary>
public sealed class PolicyRolloutIncident : IFlowSource
{
    public const string PolicyName = "product-service-ingress";
    public const string PolicyNamespace = "pets";
    public const int ProductServicePort = 3002;

    /// <summary>Seconds between store-admin's calls: a background trickle, and retries that come faster while they fail.</summary>
    private const double AllowedEverySeconds = 60;
    private const double DeniedEverySeconds = 10;

    private readonly IncidentWindow _window;
    private readonly SimulatedPod _client;
    private readonly IReadOnlyList<SimulatedPod> _servers;
    private readonly Service _service;
    private readonly Policy _allowing = Policy(4);
    private readonly Policy _denying = Policy(5);
    private readonly DeterministicRandom _random;
    private readonly EpisodeContext _context;
    private readonly PriorityQueue<ScheduledFlow, (long Time, long Sequence)> _pending = new();
    private long _sequence;
    private long _nextAttemptUnixNanos;

    public PolicyRolloutIncident(ClusterModel cluster, ulong seed, long fromUnixNanos, IncidentWindow window)
    {
        _window = window;
        _client = cluster.Pod("pets", "store-admin");
        _servers = cluster.PodsOf("pets", "product-service");
        _service = cluster.Service("pets", "product-service");

        // A different stream from the scenario engine's, so adding the incident changes none of the scenarios' flows.
        _random = new DeterministicRandom(seed ^ 0x5EED_1DC1_DE47_0001UL);
        _context = new EpisodeContext(cluster, _random, new FlowFactory(), Schedule);
        _nextAttemptUnixNanos = fromUnixNanos;
    }

    public int GenerateUntil(long untilUnixNanos, Action<ScheduledFlow> sink)
    {
        var count = 0;
        while (true)
        {
            var hasPending = _pending.TryPeek(out _, out var head);
            if (_nextAttemptUnixNanos <= untilUnixNanos && (!hasPending || _nextAttemptUnixNanos <= head.Time))
            {
                var denied = Attempt(_nextAttemptUnixNanos);
                var every = denied ? DeniedEverySeconds : AllowedEverySeconds;
                _nextAttemptUnixNanos += (long)(1e9 * every * (0.5 + _random.NextDouble()));
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

    /// <summary>One call of store-admin; returns whether the policy denied it.</summary>
    private bool Attempt(long atUnixNanos)
    {
        _context.StartUnixNanos = atUnixNanos;
        var server = Peer.Of(_random.Pick(_servers), _service);
        if (_window.Contains(atUnixNanos))
        {
            var denied = new TcpConversation(Peer.Of(_client), server, _random.Next(32768, 60999), ProductServicePort);

            // The first SYN and two retransmissions, one and three seconds later (Linux SYN back-off).
            foreach (var delay in new[] { 0L, 1_000_000_000L, 3_000_000_000L })
            {
                denied.Drop(_context, delay, TcpFlagSet.Syn, DropReason.PolicyDenied, atIngress: true, [_denying]);
            }

            return true;
        }

        var allowed = new TcpConversation(Peer.Of(_client), server, _random.Next(32768, 60999), ProductServicePort) { IngressAllowedBy = [_allowing] };
        allowed.FullExchange(_context, 0, _random.LogUniform(1_000_000, 20_000_000));
        return false;
    }

    private void Schedule(long timeUnixNanos, int nodeIndex, Flow flow) =>
        _pending.Enqueue(new ScheduledFlow(timeUnixNanos, nodeIndex, flow), (timeUnixNanos, _sequence++));

    // Shaped as PolicyCatalog shapes the scenarios' policies (hubble-api.md: Policy name, namespace, labels, revision, kind).
    private static Policy Policy(ulong revision)
    {
        var policy = new Policy { Name = PolicyName, Namespace = PolicyNamespace, Revision = revision, Kind = "CiliumNetworkPolicy" };
        policy.Labels.Add("k8s:io.cilium.k8s.policy.derived-from=CiliumNetworkPolicy");
        policy.Labels.Add($"k8s:io.cilium.k8s.policy.name={PolicyName}");
        policy.Labels.Add($"k8s:io.cilium.k8s.policy.namespace={PolicyNamespace}");
        return policy;
    }
}
