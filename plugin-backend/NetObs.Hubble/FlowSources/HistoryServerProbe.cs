using Grpc.Core;
using NetObs.History.V1;

namespace NetObs.Hubble.FlowSources;

/// <summary>
/// Finds out whether the address serves a NetObs history server (its aggregation service answers) or a plain Hubble
/// Relay (the call is Unimplemented), with no setting. The answer is kept for <see cref="Lifetime"/>; a transport failure
/// is never kept: the last answer stands and the next query asks again, so a server restarted as the other kind, or one
/// that went away and came back, is found within seconds.
/// </summary>
internal sealed class HistoryServerProbe(
    Aggregation.AggregationClient client,
    IHistoryAggregations history,
    TimeSpan requestTimeout,
    TimeProvider time)
{
    /// <summary>Long enough that a dashboard refresh probes once, short enough that a swapped server is seen on the next refresh.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromSeconds(30);

    private readonly Lock _lock = new();
    private Task<IHistoryAggregations?>? _pending;
    private IHistoryAggregations? _known;
    private bool _answered;
    private DateTimeOffset _knownUntil = DateTimeOffset.MinValue;

    public async ValueTask<IHistoryAggregations?> DetectAsync(CancellationToken cancellationToken)
    {
        Task<IHistoryAggregations?> pending;
        lock (_lock)
        {
            if (time.GetUtcNow() < _knownUntil)
            {
                return _known;
            }

            // Concurrent queries of one dashboard share one probe; it is not cancelled with the first of them.
            pending = _pending ??= ProbeAsync();
        }

        return await pending.WaitAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Whether the last probe that got an answer found a history server (false: a plain relay; null: none answered yet).
    /// Outlives <see cref="Forget"/> and transport failures, so errors of a server that went away still name it rightly.
    /// </summary>
    public bool? FoundHistoryServer
    {
        get
        {
            lock (_lock)
            {
                return _answered ? _known is not null : null;
            }
        }
    }

    /// <summary>Forgets the answer, so the next query probes again (after a failed aggregation call).</summary>
    public void Forget()
    {
        lock (_lock)
        {
            _knownUntil = DateTimeOffset.MinValue;
        }
    }

    private async Task<IHistoryAggregations?> ProbeAsync()
    {
        // Never finish inside DetectAsync's lock: the answer must be kept after _pending is set, not before.
        await Task.Yield();
        try
        {
            // An empty range at "now" costs the store an index lookup; a relay answers Unimplemented for the unknown service.
            var nowNs = time.GetUtcNow().ToUnixTimeMilliseconds() * 1_000_000L;
            var request = new CoverageRequest { SinceNs = nowNs, UntilNs = nowNs };
            using var call = client.CoverageAsync(request, deadline: DateTime.UtcNow + requestTimeout);
            await call.ResponseAsync.ConfigureAwait(false);
            return Keep(history);
        }
        catch (RpcException e) when (e.StatusCode == StatusCode.Unimplemented)
        {
            return Keep(null);
        }
        catch (RpcException)
        {
            // Down or unreachable: the query's own call reports that in its words; keep what was known.
            lock (_lock)
            {
                _pending = null;
                return _known;
            }
        }
    }

    private IHistoryAggregations? Keep(IHistoryAggregations? answer)
    {
        lock (_lock)
        {
            _known = answer;
            _answered = true;
            _knownUntil = time.GetUtcNow() + Lifetime;
            _pending = null;
            return answer;
        }
    }
}
