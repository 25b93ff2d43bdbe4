using NetObs.Hubble.Relay;
using NetObs.Query.Results;
using NetObs.Query.Settings;

namespace NetObs.Query.Queries;

/// <summary>
/// Turns relay errors into downstream <see cref="QueryFailure"/>s. The words come from NetObs.Hubble's
/// <see cref="RelayException"/>, which already names the relay, the cause and the fix; this adds the HTTP status.
/// </summary>
public static class RelayFailures
{
    /// <param name="error">What the relay call threw.</param>
    /// <param name="settings">The data source settings, for the relay address of errors that did not come from the relay client.</param>
    public static QueryFailure Describe(Exception error, DataSourceSettings settings) => error switch
    {
        RelayException relay => new QueryFailure(relay.Message, FailureSource.Downstream, Status(relay.Failure), error),
        _ => new QueryFailure($"Hubble Relay at {settings.Address}: {error.Message}", FailureSource.Downstream, 502, error),
    };

    private static int Status(RelayFailure failure) => failure switch
    {
        RelayFailure.InvalidArgument => 400,
        RelayFailure.Deadline => 504,
        _ => 502,
    };
}
