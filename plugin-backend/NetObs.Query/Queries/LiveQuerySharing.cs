using NetObs.Query.Results;

namespace NetObs.Query.Queries;

/// <summary>
/// Lets queries whose window ends at "now" share one run when they differ only in when "now" was. Viewers of one
/// dashboard resolve <c>now-30m..now</c> milliseconds apart, so their identical panels never meet in the exact-key
/// result cache, and each would scan the relay, aggregate and map frames again. A query joins a run (in flight or
/// finished) of the same query and window length whose end lies within the tolerance of its own; its answer then
/// covers a window shifted by at most that much, the same staleness the result cache already allows for one key.
/// The run continues while any of its callers still waits, and is cancelled when all of them have gone.
/// </summary>
public sealed class LiveQuerySharing(TimeSpan tolerance, int capacity, TimeProvider time)
{
    private readonly Dictionary<string, List<SharedRun>> _runs = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();
    private readonly long _toleranceMs = (long)tolerance.TotalMilliseconds;

    /// <summary>Whether a window ending at <paramref name="to"/> is live, i.e. ends within the tolerance of the clock.</summary>
    public bool IsLive(DateTimeOffset to) =>
        _toleranceMs > 0 && Math.Abs((to - time.GetUtcNow()).TotalMilliseconds) <= _toleranceMs;

    /// <summary>
    /// The result of a run of <paramref name="key"/> whose window ends within the tolerance of <paramref name="to"/>,
    /// starting one with <paramref name="run"/> when there is none.
    /// </summary>
    public async Task<QueryResult> RunAsync(string key, DateTimeOffset to, Func<CancellationToken, Task<QueryResult>> run, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var toMs = to.ToUnixTimeMilliseconds();
        SharedRun? shared = null;
        var start = false;
        lock (_lock)
        {
            Prune(toMs);
            if (!_runs.TryGetValue(key, out var runs))
            {
                runs = [];
                _runs[key] = runs;
            }

            foreach (var candidate in runs)
            {
                if (Math.Abs(candidate.ToMs - toMs) <= _toleranceMs && candidate.TryJoin())
                {
                    shared = candidate;
                    break;
                }
            }

            if (shared is null)
            {
                shared = new SharedRun(toMs);
                shared.TryJoin();
                runs.Add(shared);
                start = true;
            }
        }

        if (start)
        {
            shared.Start(run);
        }

        try
        {
            return await shared.Result.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Left here rather than in a token registration: WaitAsync's own registration runs first and may resume
            // this method inline, which would dispose a registration before its callback ran.
            shared.Leave();
            throw;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // A failed run is not shared with later callers: they try again.
            lock (_lock)
            {
                if (_runs.TryGetValue(key, out var runs))
                {
                    runs.Remove(shared);
                }
            }

            throw;
        }
    }

    /// <summary>Drops runs too old to be joined, and keys with no run left once there are more keys than the capacity.</summary>
    private void Prune(long toMs)
    {
        foreach (var runs in _runs.Values)
        {
            runs.RemoveAll(r => r.ToMs < toMs - _toleranceMs);
        }

        if (_runs.Count > capacity)
        {
            foreach (var empty in _runs.Where(pair => pair.Value.Count == 0).Select(pair => pair.Key).ToList())
            {
                _runs.Remove(empty);
            }
        }
    }

    /// <summary>One run and the callers waiting for it; cancelled when the last caller leaves before it finished.</summary>
    private sealed class SharedRun(long toMs)
    {
        private readonly TaskCompletionSource<QueryResult> _result = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly CancellationTokenSource _cancellation = new();
        private int _waiting;
        private bool _abandoned;

        public long ToMs { get; } = toMs;

        public Task<QueryResult> Result => _result.Task;

        /// <summary>Adds a caller, unless every earlier caller left and the run was cancelled.</summary>
        public bool TryJoin()
        {
            lock (_result)
            {
                if (_abandoned || _result.Task.IsFaulted || _result.Task.IsCanceled)
                {
                    return false;
                }

                _waiting++;
                return true;
            }
        }

        public void Leave()
        {
            lock (_result)
            {
                if (--_waiting > 0 || _result.Task.IsCompleted)
                {
                    return;
                }

                _abandoned = true;
            }

            _cancellation.Cancel();
        }

        public void Start(Func<CancellationToken, Task<QueryResult>> run) => _ = RunAsync(run);

        private async Task RunAsync(Func<CancellationToken, Task<QueryResult>> run)
        {
            try
            {
                _result.TrySetResult(await run(_cancellation.Token).ConfigureAwait(false));
            }
            catch (OperationCanceledException) when (_cancellation.IsCancellationRequested)
            {
                _result.TrySetCanceled(_cancellation.Token);
            }
            catch (Exception e)
            {
                _result.TrySetException(e);
            }
        }
    }
}
