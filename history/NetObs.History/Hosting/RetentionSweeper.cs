using NetObs.History.Storage;

namespace NetObs.History.Hosting;

/// <summary>Drops the whole days that fell out of <c>--retention</c>, at start and then every hour.</summary>
public sealed class RetentionSweeper(IFlowStore store, TimeSpan retention, TimeProvider clock, TextWriter log)
{
    private static readonly TimeSpan Every = TimeSpan.FromHours(1);

    /// <summary>Raised after each sweep with the number of days dropped.</summary>
    public event Action<int>? Swept;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            var cutoff = clock.GetUtcNow() - retention;
            try
            {
                var days = await store.DropDaysBeforeAsync((cutoff - DateTimeOffset.UnixEpoch).Ticks * 100, cancellationToken).ConfigureAwait(false);
                if (days > 0)
                {
                    await log.WriteLineAsync($"netobs-history: retention dropped {days} day(s) of flows older than {cutoff:yyyy-MM-dd HH:mm} UTC").ConfigureAwait(false);
                }

                Swept?.Invoke(days);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e)
            {
                await log.WriteLineAsync($"netobs-history: retention could not drop old days from {store.Description}: {e.Message}; trying again in an hour").ConfigureAwait(false);
            }

            try
            {
                await Task.Delay(Every, clock, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
