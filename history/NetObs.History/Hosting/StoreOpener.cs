using NetObs.History.Options;
using NetObs.History.Storage;
using NetObs.History.Storage.ClickHouse;
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
                StoreKind.ClickHouse => await ClickHouseFlowStore.OpenAsync(location.Uri, cancellationToken).ConfigureAwait(false),
                _ => throw new ArgumentOutOfRangeException(nameof(location), location.Kind, "unknown store kind"),
            };
        }
        catch (FlowStoreException e)
        {
            throw new OptionsException($"--store '{location.Uri}': {e.Message}");
        }
    }
}
