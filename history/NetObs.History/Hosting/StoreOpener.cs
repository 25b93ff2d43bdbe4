using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.DuckDb;

namespace NetObs.History.Hosting;

/// <summary>Opens the store <c>--store</c> names, turning the store's own start-up failures into option errors with the fix.</summary>
public static class StoreOpener
{
    /// <exception cref="OptionsException">The store cannot be opened; the message says what and how to fix it.</exception>
    public static async Task<IFlowStore> OpenAsync(StoreLocation location, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        try
        {
            return location.Kind switch
            {
                StoreKind.DuckDb => await DuckDbFlowStore.OpenAsync(location.FilePath!, cancellationToken).ConfigureAwait(false),

                // The ClickHouse store lands separately (Storage/ClickHouse); until it is wired here the URI is refused with the alternative.
                _ => throw new OptionsException(
                    $"--store '{location.Uri}': this build has no ClickHouse store; use duckdb:PATH, e.g. --store duckdb:netobs-history.duckdb."),
            };
        }
        catch (FlowStoreException e)
        {
            throw new OptionsException($"--store '{location.Uri}': {e.Message}");
        }
    }
}
