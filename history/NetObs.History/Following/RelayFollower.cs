using Cilium.Flow;
using Cilium.Observer;
using Cilium.Relay;
using Google.Protobuf.WellKnownTypes;
using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.Hubble.Relay;

namespace NetObs.History.Following;

/// <summary>
/// Follows one Hubble Relay (GetFlows with <c>follow</c>) and queues every new flow for the store. After a
/// restart or an outage it asks again from the oldest node watermark and drops what is already stored, so
/// nothing is stored twice and nothing the relay still holds is missed; what the relay no longer holds, and
/// the lost events it reports, become gaps.
/// </summary>
public sealed class RelayFollower
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(100);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);
    private readonly RelayTarget _target;
    private readonly Func<GetFlowsRequest, CancellationToken, IAsyncEnumerable<RelayResponse>> _getFlows;
    private readonly IngestQueue _queue;
    private readonly ResumePoint _resume;
    private readonly TimeProvider _clock;
    private readonly TextWriter _log;
    private readonly object _gate = new();
    private RelayState _state;
    private long _received;
    private int _connections;
    private int _failedAttempts;

    /// <param name="target">The relay and its cluster.</param>
    /// <param name="getFlows">The relay's GetFlows, read with <see cref="RelayResponseReader"/> (through a <see cref="HubbleRelayClient"/> in the server).</param>
    /// <param name="queue">Where accepted flows and gaps go.</param>
    /// <param name="resume">What the cluster has stored already.</param>
    /// <param name="clock">Time for backoff and gap records.</param>
    /// <param name="log">Where connection changes are reported.</param>
    public RelayFollower(RelayTarget target, Func<GetFlowsRequest, CancellationToken, IAsyncEnumerable<RelayResponse>> getFlows,
        IngestQueue queue, ResumePoint resume, TimeProvider clock, TextWriter log)
    {
        _target = target;
        _getFlows = getFlows;
        _queue = queue;
        _resume = resume;
        _clock = clock;
        _log = log;
        _state = new RelayState(target.Cluster, target.Address, false, [], null, 0);
    }

    /// <summary>The relay's current state.</summary>
    public RelayState State
    {
        get
        {
            lock (_gate)
            {
                return _state with { FlowsReceived = Interlocked.Read(ref _received) };
            }
        }
    }

    /// <summary>Per node, the newest flow taken from the relay; read it while the follower is disconnected (the stream updates it).</summary>
    public IReadOnlyDictionary<string, long> NewestPerNode() => _resume.Nodes.ToDictionary(n => n.Key, n => n.Value.NewestNs, StringComparer.Ordinal);

    /// <summary>How many times the relay's stream has been established (tests wait on it).</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>How many streams have failed or ended since start (tests wait on it to see the follower keep trying).</summary>
    public int FailedAttempts => Volatile.Read(ref _failedAttempts);

    /// <summary>Follows until cancelled, reconnecting with backoff.</summary>
    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var delay = FirstRetry;
        while (!cancellationToken.IsCancellationRequested)
        {
            var session = new Session(this);
            try
            {
                await session.FollowAsync(() =>
                {
                    Interlocked.Increment(ref _connections);
                    delay = FirstRetry;
                }, cancellationToken).ConfigureAwait(false);
                SetProblem($"cluster {_target.Cluster}: Hubble Relay at {_target.Address} ended the flow stream; reconnecting");
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (RelayException e)
            {
                // The cause alone, without the growing delay, so that one outage is one line however long it lasts.
                SetProblem($"cluster {_target.Cluster}: {e.Message}; serving what is stored and retrying with backoff up to {LastRetry.TotalSeconds:0} s");
            }

            Interlocked.Increment(ref _failedAttempts);

            try
            {
                await Task.Delay(delay, _clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    private void SetProblem(string problem)
    {
        lock (_gate)
        {
            if (_state.Problem != problem)
            {
                _log.WriteLine($"netobs-history: {problem}");
            }

            _state = _state with { Connected = false, Problem = problem };
        }
    }

    private void SetConnected(IReadOnlyList<string> nodes)
    {
        lock (_gate)
        {
            if (!_state.Connected && _state.Problem is not null)
            {
                _log.WriteLine($"netobs-history: following Hubble Relay at {_target.Address} (cluster {_target.Cluster}) again");
            }

            _state = _state with { Connected = true, Nodes = nodes, Problem = null };
        }
    }

    /// <summary>One GetFlows stream: the request, and per node whether the relay still held the stored boundary.</summary>
    private sealed class Session(RelayFollower follower)
    {
        // Per node, the watermark when this stream began; a node leaves the map once it is known whether the relay still held it.
        private readonly Dictionary<string, long> _undecided = follower._resume.Nodes.ToDictionary(n => n.Key, n => n.Value.NewestNs, StringComparer.Ordinal);

        // A relay has one name per node; the bound only guards against a stream that names a new node with every flow.
        private const int MaxNodeNames = 10_000;
        private readonly Dictionary<string, string> _nodeNames = new(StringComparer.Ordinal);

        public async Task FollowAsync(Action onConnected, CancellationToken cancellationToken)
        {
            var sinceNs = follower._resume.SinceNs;

            // Nothing stored yet: since = the epoch takes everything the relay still holds, then follows.
            var request = new GetFlowsRequest { Follow = true, Since = ToTimestamp(sinceNs ?? 0) };
            var connected = false;
            await foreach (var received in follower._getFlows(request, cancellationToken).ConfigureAwait(false))
            {
                if (!connected)
                {
                    connected = true;
                    onConnected();
                }

                if (received.Flow is { } flow)
                {
                    // Checked for the store, never parsed here: a live follower parses what it filters.
                    OnFlow(flow, received.FlowBytes);
                    continue;
                }

                if (received.Response is not { } response)
                {
                    OnMalformed(received.Problem);
                    continue;
                }

                switch (response.ResponseTypesCase)
                {
                    case GetFlowsResponse.ResponseTypesOneofCase.NodeStatus:
                        OnNodeStatus(response.NodeStatus);
                        break;
                    case GetFlowsResponse.ResponseTypesOneofCase.LostEvents:
                        OnLostEvents(response);
                        break;
                }
            }
        }

        private void OnNodeStatus(NodeStatusEvent status)
        {
            if (status.StateChange == NodeState.NodeConnected)
            {
                follower.SetConnected(status.NodeNames.ToList());
            }
        }

        private void OnLostEvents(GetFlowsResponse response)
        {
            var lost = response.LostEvents;
            var at = response.Time is { } time ? ToNanos(time) : NowNs();
            var from = lost.First is { } first ? ToNanos(first) : at;
            var until = lost.Last is { } last ? ToNanos(last) : at;
            follower._queue.AddGap(new FlowGap(follower._target.Cluster, response.NodeName, from, until, (long)lost.NumEventsLost, FlowGapReason.LostEvents,
                $"Hubble reported {lost.NumEventsLost} lost events ({lost.Source}) on {(response.NodeName.Length > 0 ? response.NodeName : "the relay")}"));
        }

        /// <summary>
        /// A message that is not a GetFlowsResponse cannot be stored or placed in time: it is skipped, counted as a
        /// gap of one flow at the time it arrived, and named on stderr, so the stream goes on and nothing is lost silently.
        /// </summary>
        private void OnMalformed(string? problem)
        {
            var now = NowNs();
            var detail = $"Hubble Relay at {follower._target.Address} sent {problem ?? "a message that could not be read"}; it was skipped";
            follower._log.WriteLine($"netobs-history: cluster {follower._target.Cluster}: {detail}");
            follower._queue.AddGap(new FlowGap(follower._target.Cluster, string.Empty, now, now, 1, FlowGapReason.LostEvents, detail));
        }

        private void OnFlow(RelayFlow flow, ReadOnlyMemory<byte> original)
        {
            var node = Shared(flow.Node);
            var timeNs = flow.TimeNs;
            Interlocked.Increment(ref follower._received);

            var watermark = follower._resume.Of(node);
            var alreadyStored = watermark is not null && watermark.AlreadyHas(timeNs, original.Span);
            CheckBoundary(node, timeNs, alreadyStored);
            if (alreadyStored)
            {
                return;
            }

            follower._resume.Advance(node, timeNs, original);
            follower._queue.Add(flow.Parsed is { } parsed
                ? new StoredFlow(follower._target.Cluster, node, timeNs, parsed, original)
                : new StoredFlow(follower._target.Cluster, node, timeNs, original));
        }

        /// <summary>One string per node name, so the queued flows share it instead of each holding the copy read off the wire.</summary>
        private string Shared(string node)
        {
            if (_nodeNames.TryGetValue(node, out var shared))
            {
                return shared;
            }

            if (_nodeNames.Count >= MaxNodeNames)
            {
                _nodeNames.Clear();
            }

            _nodeNames[node] = node;
            return node;
        }

        /// <summary>
        /// The relay is asked from the oldest watermark, so a node whose buffer still holds its own watermark sends the
        /// flow stored there again before anything newer. A newer flow first means the node no longer had the flows in
        /// between (its buffer wrapped, or it or the relay restarted): a gap, whose flow count is unknown.
        /// </summary>
        private void CheckBoundary(string node, long timeNs, bool alreadyStored)
        {
            if (!_undecided.TryGetValue(node, out var watermarkNs))
            {
                return;
            }

            if (timeNs == watermarkNs && alreadyStored)
            {
                _undecided.Remove(node);
                return;
            }

            if (timeNs <= watermarkNs)
            {
                return;
            }

            _undecided.Remove(node);
            follower._queue.AddGap(new FlowGap(follower._target.Cluster, node, watermarkNs, timeNs, 0, FlowGapReason.RelayUnavailable,
                $"Hubble Relay at {follower._target.Address} no longer held the flows of {node} after the last stored one " +
                "(its buffer wrapped, or it restarted); flows in between may be lost (count unknown)"));
        }

        private long NowNs() => (follower._clock.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks * 100;
    }

    private static Timestamp ToTimestamp(long nanos) => new() { Seconds = nanos / 1_000_000_000, Nanos = (int)(nanos % 1_000_000_000) };

    private static long ToNanos(Timestamp time) => (time.Seconds * 1_000_000_000) + time.Nanos;
}
