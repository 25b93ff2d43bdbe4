using System.Threading.Channels;
using NetObs.History.Storage;

namespace NetObs.History.Following;

/// <summary>
/// Flows as they are written to the store, for GetFlows with <c>follow</c>. A subscriber gets, together
/// with its subscription, where each node's stored flows ended at that moment: flows up to there come
/// from the store, later ones from the feed, so the hand-over has neither a gap nor a duplicate.
/// </summary>
public sealed class LiveFeed
{
    private readonly object _gate = new();
    private readonly List<Subscription> _subscribers = [];
    private readonly Dictionary<(string Cluster, string Node), long> _newest = [];

    /// <summary>Seeds the per-node newest times with what the store held at start.</summary>
    public void Seed(IEnumerable<NodeSummary> nodes)
    {
        ArgumentNullException.ThrowIfNull(nodes);
        lock (_gate)
        {
            foreach (var node in nodes)
            {
                _newest[(node.Cluster, node.Node)] = Math.Max(node.NewestNs, _newest.GetValueOrDefault((node.Cluster, node.Node), long.MinValue));
            }
        }
    }

    /// <summary>Subscribes; <paramref name="capacity"/> batches may wait before the subscriber is told it lost flows.</summary>
    public Subscription Subscribe(int capacity = 256)
    {
        lock (_gate)
        {
            var subscription = new Subscription(this, new Dictionary<(string, string), long>(_newest), capacity);
            _subscribers.Add(subscription);
            return subscription;
        }
    }

    /// <summary>Hands a batch the store has just written to every subscriber.</summary>
    public void Publish(IReadOnlyList<StoredFlow> flows)
    {
        ArgumentNullException.ThrowIfNull(flows);
        if (flows.Count == 0)
        {
            return;
        }

        lock (_gate)
        {
            foreach (var flow in flows)
            {
                var key = (flow.Cluster, flow.Node);
                if (!_newest.TryGetValue(key, out var newest) || flow.TimeNs > newest)
                {
                    _newest[key] = flow.TimeNs;
                }
            }

            foreach (var subscriber in _subscribers)
            {
                subscriber.Offer(flows);
            }
        }
    }

    private void Remove(Subscription subscription)
    {
        lock (_gate)
        {
            _subscribers.Remove(subscription);
        }
    }

    /// <summary>One follower of the feed.</summary>
    public sealed class Subscription : IDisposable
    {
        private readonly LiveFeed _feed;
        private readonly Channel<IReadOnlyList<StoredFlow>> _batches;
        private long _lost;

        internal Subscription(LiveFeed feed, IReadOnlyDictionary<(string, string), long> stored, int capacity)
        {
            _feed = feed;
            StoredUpTo = stored;
            _batches = Channel.CreateBounded<IReadOnlyList<StoredFlow>>(new BoundedChannelOptions(capacity) { SingleReader = true, FullMode = BoundedChannelFullMode.Wait });
        }

        /// <summary>Per cluster and node, the newest stored time when the subscription began.</summary>
        public IReadOnlyDictionary<(string Cluster, string Node), long> StoredUpTo { get; }

        /// <summary>Batches that arrived after the subscription began.</summary>
        public ChannelReader<IReadOnlyList<StoredFlow>> Batches => _batches.Reader;

        /// <summary>Takes the count of flows dropped because this subscriber fell behind, and resets it.</summary>
        public long TakeLost() => Interlocked.Exchange(ref _lost, 0);

        public void Dispose() => _feed.Remove(this);

        internal void Offer(IReadOnlyList<StoredFlow> flows)
        {
            if (!_batches.Writer.TryWrite(flows))
            {
                // A slow client must not hold up the store writer; it is told how many flows it missed.
                Interlocked.Add(ref _lost, flows.Count);
            }
        }
    }
}
