using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Hosting;

/// <summary>Opens the store <c>--store</c> names, turning the store's own start-up failures into option errors with the fix.</summary>
public static class StoreOpener
{
    private static readonly TimeSpan FirstRetry = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan LastRetry = TimeSpan.FromSeconds(15);

    /// <summary>Opens the store once; for import, which should fail at once rather than wait.</summary>
    /// <exception cref="OptionsException">The store cannot be opened; the message says what and how to fix it.</exception>
    public static async Task<IFlowStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        try
        {
            return await OpenStoreAsync(location, cancellationToken).ConfigureAwait(false);
        }
        catch (FlowStoreException e)
        {
            throw new OptionsException($"--store '{location.Display}': {e.Message}");
        }
    }

    /// <summary>
    /// Opens the store for the server. A ClickHouse that cannot be reached is waited for, with one stderr line and
    /// retries up to every 15 s: the recorder is usually deployed beside its database, which may come up later, and it
    /// starts serving once the store answers. Everything else (a wrong password, a missing cluster, an unusable file)
    /// is a configuration error that waiting would not fix, and fails at once.
    /// </summary>
    /// <exception cref="OptionsException">The store cannot be opened for a reason other than being unreachable.</exception>
    /// <exception cref="OperationCanceledException">The server was told to stop while waiting.</exception>
    public static async Task<IFlowStore> OpenWaitingAsync(StoreLocation location, TimeProvider clock, TextWriter log, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        ArgumentNullException.ThrowIfNull(clock);
        ArgumentNullException.ThrowIfNull(log);
        var delay = FirstRetry;
        var waiting = false;
        while (true)
        {
            try
            {
                var store = await OpenStoreAsync(location, cancellationToken).ConfigureAwait(false);
                if (waiting)
                {
                    await log.WriteLineAsync($"netobs-history: --store '{location.Display}' answers now; starting").ConfigureAwait(false);
                }

                return store;
            }
            catch (FlowStoreException e) when (location.Kind == StoreKind.ClickHouse && Unreachable(e))
            {
                if (!waiting)
                {
                    waiting = true;
                    await log.WriteLineAsync(
                        $"netobs-history: --store '{location.Display}': {e.Message} Waiting for it: the server starts serving once the store answers " +
                        "(retrying every 15 s at most; SIGINT or SIGTERM stops waiting).").ConfigureAwait(false);
                }
            }
            catch (FlowStoreException e)
            {
                throw new OptionsException($"--store '{location.Display}': {e.Message}");
            }

            await Task.Delay(delay, clock, cancellationToken).ConfigureAwait(false);
            delay = TimeSpan.FromTicks(Math.Min(delay.Ticks * 2, LastRetry.Ticks));
        }
    }

    private static async Task<IFlowStore> OpenStoreAsync(StoreLocation location, CancellationToken cancellationToken) =>
        location.Kind switch
        {
            StoreKind.DuckDb => await DuckDbFlowStore.OpenAsync(location.FilePath!, cancellationToken).ConfigureAwait(false),
            StoreKind.ClickHouse => await ClickHouseFlowStore.OpenAsync(location.Uri, cancellationToken).ConfigureAwait(false),
            _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown store kind"),
        };

    // The HTTP connection wraps transport failures (refused, reset, no such host) and timeouts; a reply from the server,
    // even an error, means it is up and the problem is one of configuration.
    private static bool Unreachable(FlowStoreException e) => e.InnerException is HttpRequestException or TaskCanceledException;
}
