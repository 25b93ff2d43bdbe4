using NetObs.History.Options;
using NetObs.History.Storage;

namespace NetObs.History.Hosting;

/// <summary>Opens the store <c>--store</c> names, turning the store's own start-up failures into option errors with the fix.</summary>
public static class StoreOpener
{
    /// <exception cref="OptionsException">The store cannot be opened; the message says what and how to fix it.</exception>
    public static Task<IFlowStore> OpenAsync(StoreLocation location, TimeSpan? retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(location);
        throw new OptionsException($"--store '{location.Uri}': no store is built into this version yet.");
    }
}
